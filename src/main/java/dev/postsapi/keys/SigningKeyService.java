package dev.postsapi.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;

import javax.crypto.SecretKey;

import dev.postsapi.keys.SigningKeyRepository.KeyRow;
import dev.postsapi.keys.SigningKeyRepository.Scheduled;
import dev.postsapi.security.JwtProperties;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes, schedules and retires the signing keys in the database. Every instance may call
 * any of it at any time: whatever makes or schedules a key holds the table's lock and
 * looks again under it, so of two instances starting at once exactly one makes the first
 * key, and a rotation that is due happens once.
 */
@Service
class SigningKeyService {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);

	private final SigningKeyRepository keys;

	private final KeySealing sealing;

	private final JwtProperties properties;

	SigningKeyService(SigningKeyRepository keys, SecretKey serverKey, JwtProperties properties) {
		this.keys = keys;
		// AUTH_JWT_SECRET, or the random key of this run when none is set
		this.sealing = new KeySealing(serverKey.getEncoded());
		this.properties = properties;
	}

	/**
	 * On first start, a key that signs at once (no token or cache can know an older one)
	 * and the next key, waiting; the keys published. When the key that signs now was
	 * sealed under another secret, this instance does not start: a wrong secret (a typo,
	 * another deployment's) would take signing from every instance that has the right
	 * one. Unless told to take signing over (the secret is being changed): then a new key
	 * signs at once and the keys yet to sign that it cannot open go; never for an
	 * instance with no AUTH_JWT_SECRET at all, whose random one would be lost at its next
	 * start.
	 */
	@Transactional
	Published initialize() {
		this.keys.lockAgainstOtherMakers();
		if (!this.keys.anyScheduled()) {
			insertNewKey(true);
			log.info("Made the first ES256 signing key");
		}
		Published loaded = published();
		List<KeyMaterial> published = loaded.keys();
		KeyMaterial signing = KeyMaterial.signingAt(published, loaded.databaseTime());
		if (signing != null && signing.privateKey() == null) {
			if (!this.properties.hasSecret()) {
				throw new IllegalStateException(
						"No AUTH_JWT_SECRET is set, and the database's signing keys were sealed "
								+ "under one: set the AUTH_JWT_SECRET the other instances have (on a database of your own, "
								+ "any lasting one)");
			}
			if (!this.properties.takeOverSigning()) {
				throw new IllegalStateException("The signing key " + signing.kid() + " was sealed under another "
						+ "AUTH_JWT_SECRET: set the AUTH_JWT_SECRET the other instances have. To change the secret "
						+ "(or after restoring a backup without its secret), start one instance with "
						+ "AUTH_JWT_TAKE_OVER_SIGNING=true: it makes a key that signs at once, and the instances "
						+ "on the old secret cannot issue tokens until they have the new one");
			}
			log.warn("The signing key {} was sealed under another AUTH_JWT_SECRET (or none was set before): a new key "
					+ "signs from now on. Tokens signed before stay valid. Give every instance the same, lasting "
					+ "AUTH_JWT_SECRET.", signing.kid());
			// the old keys yet to sign (the next, one a rotation scheduled) would take
			// over from the new key and sign nothing: they go, "yet" by the same now()
			List<String> unreadable = published.stream()
				.filter((key) -> key.privateKey() == null)
				.map(KeyMaterial::kid)
				.toList();
			this.keys.deleteYetToSign(unreadable);
			insertNewKey(true);
		}
		if (!this.keys.anyWaiting()) {
			insertNewKey(false);
		}
		return published();
	}

	/** No keys (HS256 mode), only the database's time. */
	Published clockOnly() {
		return new Published(List.of(), this.keys.databaseTime());
	}

	/**
	 * Every key still published, with the private parts this instance can open, and the
	 * database's time once they are read.
	 */
	@Transactional(readOnly = true)
	Published published() {
		List<KeyMaterial> published = this.keys.findPublished(this.properties.keyRetention().toString())
			.stream()
			.map(this::material)
			.toList();
		return new Published(published, this.keys.databaseTime());
	}

	/**
	 * The waiting key signs from now on, and a new key waits in its place. The waiting
	 * key was published when the last rotation (or the first start) made it: a whole
	 * period ago for a scheduled rotation; for one on demand perhaps less than a JWKS
	 * max-age, and a verifier whose cached copy is older fetches again for the unknown
	 * kid. An admin rotating often does so for a key they fear leaked: at once, then.
	 */
	@Transactional
	Rotation rotate() {
		this.keys.lockAgainstOtherMakers();
		if (!this.keys.anyWaiting()) {
			insertNewKey(false);
		}
		Scheduled next = this.keys.scheduleWaiting().orElseThrow();
		insertNewKey(false);
		log.info("Signing key {} signs from {}", next.getKid(), next.getSignsFrom());
		return new Rotation(next.getKid(), next.getSignsFrom());
	}

	/** Rotates when the latest key began to sign a rotation period ago; once. */
	@Transactional
	void rotateIfDue() {
		String period = this.properties.keyRotationPeriod().toString();
		if (this.keys.isRotationDue(period)) {
			this.keys.lockAgainstOtherMakers();
			if (this.keys.isRotationDue(period)) {
				rotate();
			}
		}
	}

	/** Deletes keys no live token can have been signed with. */
	@Transactional
	void deleteRetired() {
		int deleted = this.keys.deleteRetired(this.properties.keyRetention().toString());
		if (deleted > 0) {
			log.info("Deleted {} retired signing keys", deleted);
		}
	}

	private void insertNewKey(boolean signsNow) {
		KeyPair pair = Jwts.SIG.ES256.keyPair().build();
		String kid = Jwks.builder().key((ECPublicKey) pair.getPublic()).idFromThumbprint().build().getId();
		this.keys.insert(kid, pair.getPublic().getEncoded(), this.sealing.seal(pair.getPrivate().getEncoded(), kid),
				signsNow);
	}

	private KeyMaterial material(KeyRow row) {
		try {
			KeyFactory ec = KeyFactory.getInstance("EC");
			PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(row.getPublicKey()));
			byte[] pkcs8 = this.sealing.open(row.getSealedPrivateKey(), row.getKid());
			PrivateKey privateKey = (pkcs8 != null) ? ec.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)) : null;
			return new KeyMaterial(row.getKid(), (ECPublicKey) publicKey, privateKey, row.getSignsFrom());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Signing key " + row.getKid() + " cannot be read", ex);
		}
	}

	/** A key as this instance holds it: the private part null if sealed elsewhere. */
	record KeyMaterial(String kid, ECPublicKey publicKey, @Nullable PrivateKey privateKey,
			@Nullable Instant signsFrom) {

		/** The key with the latest time not after {@code now}. */
		static @Nullable KeyMaterial signingAt(List<KeyMaterial> keys, Instant now) {
			KeyMaterial signing = null;
			for (KeyMaterial key : keys) {
				if (key.signsFrom() != null && !key.signsFrom().isAfter(now)) {
					signing = key;
				}
			}
			return signing;
		}

	}

	/** The published keys as read, and the database's time just after. */
	record Published(List<KeyMaterial> keys, Instant databaseTime) {

	}

	/** The key a rotation chose and when it signs from. */
	record Rotation(String kid, Instant signsFrom) {

	}

}
