package dev.postsapi.security;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt ({@code $2b$}) from the system's libcrypt through FFM, 1.3 times Spring's BCrypt
 * (BENCHMARKS.md, "Round two"); the same hashes (a differential test proves it).
 */
final class LibcryptBcrypt implements PasswordEncoder {

	private static final Logger log = LoggerFactory.getLogger(LibcryptBcrypt.class);

	/** {@code sizeof(struct crypt_data)}, {@code crypt_rn}'s scratch space. */
	private static final int CRYPT_DATA_SIZE = 32768;

	private static final int MAX_PASSWORD_BYTES = 72;

	/** A known answer: the probe that libcrypt is there and does {@code $2b$} right. */
	private static final String PROBE_PASSWORD = "strong_password";

	private static final String PROBE_HASH = "$2b$04$iksS/uDbSwUm3RowcRXxy.olNbB9OW5ZPFaGnBAtdJiprjkpHTRra";

	private final MethodHandle cryptRn;

	private final int strength;

	private LibcryptBcrypt(MethodHandle cryptRn, int strength) {
		this.cryptRn = cryptRn;
		this.strength = strength;
	}

	/**
	 * libcrypt's bcrypt at {@code strength}, or none when the system has no fit libcrypt.
	 */
	static Optional<LibcryptBcrypt> load(int strength) {
		try {
			Linker linker = Linker.nativeLinker();
			SymbolLookup libcrypt = SymbolLookup.libraryLookup("libcrypt.so.1", Arena.global());
			MethodHandle cryptRn = linker.downcallHandle(libcrypt.findOrThrow("crypt_rn"),
					FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
							ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
			LibcryptBcrypt bcrypt = new LibcryptBcrypt(cryptRn, strength);
			if (!PROBE_HASH.equals(bcrypt.hash(PROBE_PASSWORD, PROBE_HASH))) {
				log.info("The system's libcrypt does not compute $2b$ bcrypt as expected; using Spring's BCrypt");
				return Optional.empty();
			}
			return Optional.of(bcrypt);
		}
		catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException ex) {
			log.info("No usable libcrypt.so.1 ({}); using Spring's BCrypt", ex.getMessage());
			return Optional.empty();
		}
	}

	@Override
	public String encode(@Nullable CharSequence rawPassword) {
		if (rawPassword == null || !isHashable(rawPassword.toString())) {
			throw new IllegalArgumentException("A password is at most 72 bytes of UTF-8, without NUL");
		}
		// Spring's BCrypt makes the setting ($2b$, cost, 16 random bytes); libcrypt
		// hashes
		String hash = hash(rawPassword.toString(), BCrypt.gensalt("$2b", this.strength));
		if (hash == null) {
			throw new IllegalStateException("libcrypt could not hash a password");
		}
		return hash;
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword == null || encodedPassword == null || !isBcrypt(encodedPassword)
				|| !isHashable(rawPassword.toString())) {
			return false;
		}
		String hash = hash(rawPassword.toString(), encodedPassword);
		return hash != null && MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
				encodedPassword.getBytes(StandardCharsets.US_ASCII));
	}

	/** {@code crypt_rn(password, setting)}: null when libcrypt refuses the setting. */
	@Nullable String hash(String password, String setting) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment data = arena.allocate(CRYPT_DATA_SIZE);
			MemorySegment result = (MemorySegment) this.cryptRn.invokeExact(
					arena.allocateFrom(password, StandardCharsets.UTF_8),
					arena.allocateFrom(setting, StandardCharsets.US_ASCII), data, CRYPT_DATA_SIZE);
			return result.equals(MemorySegment.NULL) ? null
					: result.reinterpret(CRYPT_DATA_SIZE).getString(0, StandardCharsets.US_ASCII);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("libcrypt failed", ex);
		}
	}

	private static boolean isHashable(String password) {
		return password.indexOf('\0') < 0 && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
	}

	private static boolean isBcrypt(String hash) {
		return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
	}

}
