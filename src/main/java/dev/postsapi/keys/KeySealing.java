package dev.postsapi.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

import org.jspecify.annotations.Nullable;

/**
 * Seals private keys for the database: AES-256-GCM under a key derived from
 * {@code AUTH_JWT_SECRET} with HKDF-SHA256 (the JDK's own, JEP 510), the kid bound as
 * associated data so a sealed key cannot be passed off under another kid.
 */
final class KeySealing {

	private static final byte[] SALT = "posts-api signing keys".getBytes(StandardCharsets.UTF_8);

	private static final byte[] INFO = "AES-256-GCM key sealing ES256 private keys, v1"
		.getBytes(StandardCharsets.UTF_8);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKey key;

	KeySealing(byte[] secret) {
		try {
			this.key = KDF.getInstance("HKDF-SHA256")
				.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(secret).addSalt(SALT).thenExpand(INFO, 32));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HKDF-SHA256 is not available", ex);
		}
	}

	byte[] seal(byte[] plain, String kid) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, kid).doFinal(plain);
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed", ex);
		}
	}

	/**
	 * The plain bytes, or null when they were sealed under another secret (or altered).
	 */
	byte @Nullable [] open(byte[] sealed, String kid) {
		if (sealed.length <= NONCE_BYTES) {
			return null;
		}
		try {
			byte[] nonce = java.util.Arrays.copyOf(sealed, NONCE_BYTES);
			return cipher(Cipher.DECRYPT_MODE, nonce, kid).doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed", ex);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String kid) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}
