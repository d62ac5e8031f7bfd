package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The system's libcrypt bcrypt against Spring Security's Java BCrypt and passlib's
 * hashes: the same hash for the same password and salt, each verifying the other's, so
 * either can take over a database the other wrote.
 */
class LibcryptBcryptTests {

	/**
	 * passlib's bcrypt hash of "strong_password" at cost 12, from the original service's
	 * database.
	 */
	private static final String PASSLIB_HASH = "$2b$12$8FgLDHXDz.pcCWgo5T0m2e.dB1y/vKutuqQh5MT0D4e88etmX5O3m";

	private LibcryptBcrypt libcrypt;

	private final BCryptPasswordEncoder spring = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 4);

	@BeforeEach
	void systemLibcrypt() {
		this.libcrypt = LibcryptBcrypt.load(4).orElse(null);
		assumeTrue(this.libcrypt != null, "no libcrypt.so.1 with $2b$ on this system");
	}

	@Test
	void hashWhenSameSaltThenTheSameHashAsSpringsBcrypt() {
		Random random = new Random(20261127);
		for (int i = 0; i < 40; i++) {
			String password = randomPassword(random);
			String salt = BCrypt.gensalt("$2b", 4);
			assertThat(this.libcrypt.hash(password, salt)).as(password).isEqualTo(BCrypt.hashpw(password, salt));
		}
	}

	@Test
	void matchesWhenEitherMadeTheHashThenTheOtherVerifiesIt() {
		String byLibcrypt = this.libcrypt.encode("strong_password");
		String bySpring = this.spring.encode("strong_password");
		assertThat(byLibcrypt).startsWith("$2b$04$").hasSize(60);
		assertThat(this.spring.matches("strong_password", byLibcrypt)).isTrue();
		assertThat(this.libcrypt.matches("strong_password", bySpring)).isTrue();
		assertThat(this.spring.matches("strong_passwore", byLibcrypt)).isFalse();
		assertThat(this.libcrypt.matches("strong_passwore", bySpring)).isFalse();
		assertThat(this.libcrypt.encode("strong_password")).as("a fresh salt each time").isNotEqualTo(byLibcrypt);
	}

	@Test
	void matchesWhenTheOriginalServicesHashThenOnlyItsPassword() {
		assertThat(this.libcrypt.matches("strong_password", PASSLIB_HASH)).isTrue();
		assertThat(this.libcrypt.matches("Strong_password", PASSLIB_HASH)).isFalse();
	}

	@Test
	void matchesWhenPasswordHasNulOrIsOver72BytesThenFalseWithoutCuttingIt() {
		String hash = this.libcrypt.encode("strong_password");
		// C would read "strong_password\0anything" as "strong_password"
		assertThat(this.libcrypt.matches("strong_password\0anything", hash)).isFalse();
		String seventyTwo = "p".repeat(72);
		String hash72 = this.libcrypt.encode(seventyTwo);
		assertThat(this.libcrypt.matches(seventyTwo, hash72)).isTrue();
		// bcrypt reads 72 bytes: a longer password would otherwise match on its first 72
		assertThat(this.libcrypt.matches(seventyTwo + "x", hash72)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.libcrypt.encode("a\0b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.libcrypt.encode("p".repeat(73)));
	}

	@Test
	void matchesWhenNotABcryptHashThenFalse() {
		assertThat(this.libcrypt.matches("strong_password", "plain")).isFalse();
		assertThat(this.libcrypt.matches("strong_password", "$1$saltsalt$abcdefghijklmnopqrstuv")).isFalse();
		assertThat(this.libcrypt.matches("strong_password", "$2b$04$tooShort")).isFalse();
	}

	@Test
	void encodeWhenCostGivenThenThatCost() {
		assertThat(LibcryptBcrypt.load(5).orElseThrow().encode("strong_password")).startsWith("$2b$05$");
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

}
