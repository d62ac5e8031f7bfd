package dev.postsapi.security;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt from the system's libcrypt through FFM, 1.3 times Spring's BCrypt
 * (BENCHMARKS.md, "Round two"); the same hashes (a differential test proves it).
 * {@link Bcrypt} rules.
 */
final class LibcryptBcrypt {

	private static final Logger log = LoggerFactory.getLogger(LibcryptBcrypt.class);

	/** {@code sizeof(struct crypt_data)}, {@code crypt_rn}'s scratch space. */
	private static final int CRYPT_DATA_SIZE = 32768;

	/**
	 * Known answers: the probe that libcrypt is there and does {@code $2b$} (the
	 * original's) and {@code $2y$} (ours) right.
	 */
	private static final String PROBE_PASSWORD = "strong_password";

	private static final List<String> PROBE_HASHES = List.of(
			"$2b$04$iksS/uDbSwUm3RowcRXxy.olNbB9OW5ZPFaGnBAtdJiprjkpHTRra",
			"$2y$04$iksS/uDbSwUm3RowcRXxy.olNbB9OW5ZPFaGnBAtdJiprjkpHTRra");

	private final MethodHandle cryptRn;

	private LibcryptBcrypt(MethodHandle cryptRn) {
		this.cryptRn = cryptRn;
	}

	static Optional<LibcryptBcrypt> load() {
		return load("libcrypt.so.1", "crypt_rn");
	}

	/**
	 * libcrypt's bcrypt, or none when the library, the function or native access is
	 * missing, or it hashes wrong: start-up goes on with Spring's BCrypt.
	 */
	static Optional<LibcryptBcrypt> load(String library, String function) {
		try {
			Linker linker = Linker.nativeLinker();
			SymbolLookup libcrypt = SymbolLookup.libraryLookup(library, Arena.global());
			MethodHandle cryptRn = linker.downcallHandle(libcrypt.findOrThrow(function),
					FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
							ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
			LibcryptBcrypt bcrypt = new LibcryptBcrypt(cryptRn);
			for (String probe : PROBE_HASHES) {
				if (!probe.equals(bcrypt.hash(PROBE_PASSWORD.getBytes(StandardCharsets.UTF_8), probe))) {
					log.info("The system's libcrypt does not compute {} bcrypt as expected; using Spring's BCrypt",
							probe.substring(0, 4));
					return Optional.empty();
				}
			}
			return Optional.of(bcrypt);
		}
		catch (RuntimeException | LinkageError ex) {
			log.info("No usable {} {} ({}); using Spring's BCrypt", library, function, ex.toString());
			return Optional.empty();
		}
	}

	/** {@code crypt_rn(password, setting)}: null when libcrypt refuses the setting. */
	@Nullable String hash(byte[] password, String setting) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment data = arena.allocate(CRYPT_DATA_SIZE);
			MemorySegment result = (MemorySegment) this.cryptRn.invokeExact(
					arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOf(password, password.length + 1)),
					arena.allocateFrom(setting, StandardCharsets.US_ASCII), data, CRYPT_DATA_SIZE);
			if (result.equals(MemorySegment.NULL)) {
				return null;
			}
			String hash = result.reinterpret(CRYPT_DATA_SIZE).getString(0, StandardCharsets.US_ASCII);
			// libxcrypt answers a refused setting with "*0" or "*1" unless built to fail
			return hash.startsWith("*") ? null : hash;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("libcrypt failed", ex);
		}
	}

}
