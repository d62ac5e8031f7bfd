package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bcrypt's one rule on both implementations (the system's libcrypt and Spring's BCrypt):
 * the same hashes, each verifying the other's and passlib's; over 72 bytes refused by our
 * hashes ($2y$, and {bcrypt}$2b$ before V15) and cut to 72 for the original's ($2b$,
 * $2a$), as passlib did; NUL never cut short.
 */
class BcryptTests {

	/**
	 * passlib's bcrypt hash of "strong_password" at cost 12, from the original's
	 * database.
	 */
	private static final String PASSLIB_HASH = "$2b$12$8FgLDHXDz.pcCWgo5T0m2e.dB1y/vKutuqQh5MT0D4e88etmX5O3m";

	private static final LibcryptBcrypt LIBCRYPT = LibcryptBcrypt.load().orElse(null);

	static final List<String> IMPLEMENTATIONS = List.of("libcrypt", "spring");

	private final BCryptPasswordEncoder spring = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 4);

	private static Bcrypt bcrypt(String implementation) {
		return new Bcrypt(libcrypt(implementation), 4);
	}

	private static LibcryptBcrypt libcrypt(String implementation) {
		if (implementation.equals("spring")) {
			return null;
		}
		assumeTrue(LIBCRYPT != null, "no libcrypt.so.1 with $2b$ on this system");
		return LIBCRYPT;
	}

	@Test
	void hashWhenSameSaltThenLibcryptGivesSpringsHash() {
		assumeTrue(LIBCRYPT != null, "no libcrypt.so.1 with $2b$ on this system");
		Random random = new Random(20261127);
		for (int i = 0; i < 40; i++) {
			String password = randomPassword(random);
			String salt = BCrypt.gensalt((i % 2 == 0) ? "$2b" : "$2y", 4);
			assertThat(LIBCRYPT.hash(password.getBytes(StandardCharsets.UTF_8), salt)).as(password)
				.isEqualTo(BCrypt.hashpw(password, salt));
		}
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenEitherMadeTheHashThenTheOtherVerifiesIt(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		String ours = bcrypt.encode("strong_password");
		String bySpring = this.spring.encode("strong_password");
		assertThat(ours).startsWith("$2y$04$").hasSize(60);
		assertThat(this.spring.matches("strong_password", ours)).isTrue();
		assertThat(bcrypt.matches("strong_password", bySpring)).isTrue();
		assertThat(bcrypt.matches("strong_passwore", bySpring)).isFalse();
		assertThat(bcrypt.encode("strong_password")).as("a fresh salt each time").isNotEqualTo(ours);
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenTheSamePasswordComesInAnotherUnicodeFormThenYes(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		String composed = "caf\u00e9-\u00c5ngstr\u00f6m"; // NFC
		String decomposed = "cafe\u0301-A\u030angstro\u0308m"; // NFD
		String ours = bcrypt.encode(decomposed);
		assertThat(bcrypt.matches(composed, ours)).isTrue();
		assertThat(bcrypt.matches(decomposed, ours)).isTrue();
		assertThat(this.spring.matches(composed, ours)).as("hashed in NFC").isTrue();
		assertThat(bcrypt.matches("cafe-Angstrom", ours)).isFalse();
		// made of the decomposed form as typed (the original, our hashes before NFC)
		String asTyped = this.spring.encode(decomposed);
		assertThat(bcrypt.matches(decomposed, asTyped)).isTrue();
		assertThat(bcrypt.matches(composed, asTyped)).isFalse();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void encodeWhenOver72BytesAsTypedButNotInNfcThenHashed(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		String composed = "\u00e9".repeat(36); // 72 bytes
		String ours = bcrypt.encode("e\u0301".repeat(36)); // 108 bytes as typed
		assertThat(bcrypt.matches(composed, ours)).isTrue();
		assertThat(bcrypt.matches(composed + "x", ours)).isFalse();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenTheOriginalServicesHashThenOnlyItsPassword(String implementation) {
		assertThat(bcrypt(implementation).matches("strong_password", PASSLIB_HASH)).isTrue();
		assertThat(bcrypt(implementation).matches("Strong_password", PASSLIB_HASH)).isFalse();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenOurHashAndOver72BytesThenFalseOnEveryImplementation(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		String seventyTwo = "A".repeat(72);
		String hash = bcrypt.encode(seventyTwo);
		assertThat(bcrypt.matches(seventyTwo, hash)).isTrue();
		// bcrypt reads 72 bytes: without the rule the 73rd would go unread and match
		assertThat(bcrypt.matches(seventyTwo + "x", hash)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> bcrypt.encode(seventyTwo + "x"));
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenOurHashAndOver72BytesThenRefusedInTheTimeOfAnyWrongPassword(String implementation) {
		// the original's hashes cut such a password to 72 bytes and hash it: refusing it
		// at once here would tell an adopted account from ours by the time of a login
		Bcrypt bcrypt = new Bcrypt(libcrypt(implementation), 10);
		String hash = bcrypt.encode("strong_password");
		long wrong = medianNanos(() -> bcrypt.matches("wrong_password", hash));
		long tooLong = medianNanos(() -> bcrypt.matches("x".repeat(73), hash));
		assertThat((double) tooLong / wrong).isGreaterThan(0.5);
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenTheOriginalsHashOfALongPasswordThenItsFirst72BytesAsPasslib(String implementation) {
		// passlib stored a 100-byte password as the hash of its first 72 bytes
		String typed = "B".repeat(71) + "é" + "tail beyond the limit";
		byte[] first72 = java.util.Arrays.copyOf(typed.getBytes(StandardCharsets.UTF_8), 72);
		String passlibHash = BCrypt.hashpw(first72, BCrypt.gensalt("$2b", 4));
		assertThat(bcrypt(implementation).matches(typed, passlibHash)).isTrue();
		assertThat(bcrypt(implementation).matches("B".repeat(71), passlibHash)).isFalse();
		// the same hash under our names: never cut
		String ours = "$2y$" + passlibHash.substring(4);
		assertThat(bcrypt(implementation).matches(typed, ours)).as("$2y$").isFalse();
		assertThat(bcrypt(implementation).matches(typed, "{bcrypt}" + passlibHash)).as("{bcrypt}$2b$").isFalse();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenOurHashFromBeforeV15ThenVerifiedAsOurs(String implementation) {
		// Spring's DelegatingPasswordEncoder stored {bcrypt}$2b$...: an instance of the
		// version before may still write one during a rolling upgrade
		String old = "{bcrypt}" + this.spring.encode("strong_password");
		assertThat(bcrypt(implementation).matches("strong_password", old)).isTrue();
		assertThat(bcrypt(implementation).matches("strong_passwore", old)).isFalse();
		assertThat(bcrypt(implementation).matches("strong_password", "{bcrypt}plain")).isFalse();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenPasswordHasNulThenFalseAndEncodeRefuses(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		String hash = bcrypt.encode("strong_password");
		// C would read "strong_password\0anything" as "strong_password"
		assertThat(bcrypt.matches("strong_password\0anything", hash)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> bcrypt.encode("a\0b"));
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenNotABcryptHashThenFalse(String implementation) {
		Bcrypt bcrypt = bcrypt(implementation);
		assertThat(bcrypt.matches("strong_password", "plain")).isFalse();
		assertThat(bcrypt.matches("strong_password", "$1$saltsalt$abcdefghijklmnopqrstuv")).isFalse();
		assertThat(bcrypt.matches("strong_password", "$2b$04$tooShort")).isFalse();
		// the system's crypt(3) verifies these for this very password: DES (its first 8
		// bytes only), MD5, SHA-256 and SHA-512 crypt are no hashes of this service's
		for (String otherScheme : new String[] { "abw270FkptZFw", "$1$saltsalt$clXxqm/FKv7kf.9HMGZkJ.",
				"$5$saltsalt$PZ/d9782EYrbAxL8m2HenoZKwbSnpysiUNn47oYEeT7",
				"$6$saltsalt$7P3cvy9HrbQxBTZWBvkRgZbmhKCUN125NCvVJfL4uF5Z8ekkeNv2p2kPo5EJOWGikRpMzMWJnWlaEC/vKSzbo/" }) {
			assertThat(bcrypt.matches("strong_password", otherScheme)).as(otherScheme).isFalse();
		}
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhen2aOr2yHashThenVerified(String implementation) {
		String salt = BCrypt.gensalt("$2b", 4).substring(7);
		for (String prefix : new String[] { "$2a$04$", "$2y$04$" }) {
			String hash = BCrypt.hashpw("strong_password", "$2a$04$" + salt).replace("$2a$04$", prefix);
			assertThat(bcrypt(implementation).matches("strong_password", hash)).as(prefix).isTrue();
		}
	}

	@Test
	void loadWhenTheLibraryOrItsFunctionIsMissingThenNoneInsteadOfFailing() {
		assertThat(LibcryptBcrypt.load("libcrypt.so.1", "no_such_function")).isEmpty();
		assertThat(LibcryptBcrypt.load("libno-such-library.so.9", "crypt_rn")).isEmpty();
	}

	@Test
	void encodeWhenCostGivenThenThatCost() {
		assertThat(new Bcrypt(LIBCRYPT, 5).encode("strong_password")).startsWith("$2y$05$");
	}

	/** The median time of five calls, each of which must refuse. */
	private static long medianNanos(BooleanSupplier refusal) {
		long[] times = new long[5];
		for (int i = 0; i < times.length; i++) {
			long start = System.nanoTime();
			assertThat(refusal.getAsBoolean()).isFalse();
			times[i] = System.nanoTime() - start;
		}
		Arrays.sort(times);
		return times[2];
	}

	private static String randomPassword(Random random) {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#%&'()*+,-./:;<=>?@[]^_{|}~€ßü😀";
		StringBuilder password = new StringBuilder();
		int length = 1 + random.nextInt(30);
		while (password.length() < length) {
			int codePoint = alphabet.codePointAt(
					alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
			if (password.toString().getBytes(StandardCharsets.UTF_8).length
					+ Character.toString(codePoint).getBytes(StandardCharsets.UTF_8).length > 72) {
				break;
			}
			password.appendCodePoint(codePoint);
		}
		return password.toString();
	}

	@ParameterizedTest
	@FieldSource("IMPLEMENTATIONS")
	void matchesWhenTheHashIsOfALowerCostThenItTakesAsLongAsOneOfTodaysCost(String implementation) {
		Bcrypt ours = new Bcrypt(libcrypt(implementation), 10);
		String todays = ours.encode("strong_password");
		String older = new Bcrypt(libcrypt(implementation), 4).encode("strong_password");
		long todaysNanos = fastest(() -> ours.matches("wrong_password", todays));
		// 2^4 of work without the padding: a 64th of today's
		assertThat(fastest(() -> ours.matches("wrong_password", older))).isGreaterThan(todaysNanos / 2);
		assertThat(ours.matches("strong_password", older)).isTrue();
		assertThat(ours.matches("wrong_password", older)).isFalse();
	}

	/** The fastest of five runs, in nanoseconds. */
	private static long fastest(BooleanSupplier check) {
		long fastest = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			check.getAsBoolean();
			fastest = Math.min(fastest, System.nanoTime() - start);
		}
		return fastest;
	}

}
