package dev.postsapi.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The ES256 keys access tokens are signed and verified with, shared by every instance.
 * The feature that keeps them answers.
 */
public interface SigningKeys {

	/**
	 * The key that signs now, with the id tokens carry in their header.
	 * @throws NoSigningKeyException when this instance cannot open it
	 */
	SigningKey signingKey();

	/**
	 * The public key of {@code kid} while tokens it signed may still be alive; null for
	 * any other id, whatever it is.
	 */
	@Nullable PublicKey verificationKey(String kid);

	/**
	 * How far the database's clock was ahead of this instance's when last read (at start
	 * and at each reload of the keys). Sessions, keys and limits are timed on it, and so
	 * are access tokens: an instance whose clock is off issues and checks them as the
	 * others do.
	 */
	Duration databaseAhead();

	/** A private key and its id ({@code kid}). */
	record SigningKey(String kid, PrivateKey privateKey) {

	}

	/**
	 * The key that signs now was sealed under another AUTH_JWT_SECRET: no token can be
	 * issued here until this instance has the secret the others have.
	 */
	final class NoSigningKeyException extends IllegalStateException {

		public NoSigningKeyException(String message) {
			super(message);
		}

	}

}
