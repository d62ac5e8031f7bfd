package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt under one rule, whichever implementation hashes: a password is its UTF-8 with no
 * NUL; a hash of ours refuses more than 72 bytes, while one of the original's compares
 * the first 72, as passlib did. Ours are {@code $2y$}, the original's passlib made
 * {@code $2b$} (or {@code $2a$}): one algorithm, which passlib reads under each name, so
 * the original can still log in the accounts this service made (a cut-over, a rollback),
 * with their passwords typed in NFC. Our older hashes, {@code {bcrypt}$2b$} (V15 rewrote
 * them as {@code $2y$}), still count as ours. A password is compared in Unicode's NFC
 * form (as RFC 8265's OpaqueString normalises; its mapping of other spaces is not
 * applied), as one device types {@code é} as one character and another as {@code e} and
 * an accent; a hash made of one in another form before (the original's, our older ones)
 * matches it as typed too. libcrypt where it works, else Spring's.
 */
final class Bcrypt implements PasswordEncoder {

	static final int MAX_PASSWORD_BYTES = 72;

	private static final String OURS = "$2y$";

	/** How Spring's DelegatingPasswordEncoder marked our hashes before V15. */
	private static final String OUR_OLD_PREFIX = "{bcrypt}";

	/** Any salt: the padding's hashes are thrown away. */
	private static final String PADDING_SALT = "abcdefghijklmnopqrstuu";

	private final @Nullable LibcryptBcrypt libcrypt;

	private final int strength;

	Bcrypt(@Nullable LibcryptBcrypt libcrypt, int strength) {
		this.libcrypt = libcrypt;
		this.strength = strength;
	}

	@Override
	public String encode(@Nullable CharSequence rawPassword) {
		byte[] password = bytes(normalized(rawPassword));
		String hash = (password != null && password.length <= MAX_PASSWORD_BYTES)
				? hash(password, BCrypt.gensalt("$2y", this.strength)) : null;
		if (hash == null) {
			throw new IllegalArgumentException("A password is at most 72 bytes of UTF-8, without NUL");
		}
		return hash;
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		String normalized = normalized(rawPassword);
		// a second bcrypt only for a password not in NFC, for any account or none alike
		return matches(bytes(normalized), encodedPassword) || (normalized != null
				&& !normalized.contentEquals(rawPassword) && matches(bytes(rawPassword), encodedPassword));
	}

	/** A password in NFC, the form every hash of ours is made of. */
	static @Nullable String normalized(@Nullable CharSequence password) {
		return (password != null) ? Normalizer.normalize(password, Normalizer.Form.NFC) : null;
	}

	private boolean matches(byte @Nullable [] password, @Nullable String encodedPassword) {
		if (password == null || encodedPassword == null) {
			return false;
		}
		boolean oldOfOurs = encodedPassword.startsWith(OUR_OLD_PREFIX);
		String stored = oldOfOurs ? encodedPassword.substring(OUR_OLD_PREFIX.length()) : encodedPassword;
		if (!isBcrypt(stored)) {
			return false;
		}
		boolean tooLong = password.length > MAX_PASSWORD_BYTES;
		// hashed even where refused: the time of a login tells no account's kind of hash
		byte[] hashed = tooLong ? Arrays.copyOf(password, MAX_PASSWORD_BYTES) : password;
		String hash = hash(hashed, stored);
		// a hash made before the cost was raised takes as long as one of today's: 2^c,
		// then 2^c ... 2^(strength-1) more. Else a login's time would tell its account
		// from a name no account has, which is checked against a hash of today's cost
		for (int cost = cost(stored); cost < this.strength; cost++) {
			hash(hashed, String.format(Locale.ROOT, "$2b$%02d$%s", cost, PADDING_SALT));
		}
		boolean ours = oldOfOurs || stored.startsWith(OURS);
		return hash != null && MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
				stored.getBytes(StandardCharsets.US_ASCII)) && (!tooLong || !ours);
	}

	/**
	 * libcrypt's hash, else (no libcrypt, or it refuses the setting) Spring's; null if
	 * neither.
	 */
	private @Nullable String hash(byte[] password, String setting) {
		String hash = (this.libcrypt != null) ? this.libcrypt.hash(password, setting) : null;
		if (hash != null) {
			return hash;
		}
		try {
			return BCrypt.hashpw(password, setting);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte @Nullable [] bytes(@Nullable CharSequence password) {
		String text = (password != null) ? password.toString() : null;
		return (text == null || text.indexOf('\0') >= 0) ? null : text.getBytes(StandardCharsets.UTF_8);
	}

	/** The cost a bcrypt hash names ({@code $2b$12$...}); 31 if it names none. */
	private static int cost(String hash) {
		try {
			return Integer.parseInt(hash, 4, 6, 10);
		}
		catch (NumberFormatException | IndexOutOfBoundsException ex) {
			return 31;
		}
	}

	private static boolean isBcrypt(String hash) {
		return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
	}

}
