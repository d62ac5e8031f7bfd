package dev.postsapi.keys;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.postsapi.keys.SigningKeyService.KeyMaterial;
import dev.postsapi.keys.SigningKeyService.Published;
import dev.postsapi.keys.SigningKeyService.Rotation;
import dev.postsapi.security.JwtProperties;
import dev.postsapi.security.SigningKeys;
import dev.postsapi.security.SigningKeys.NoSigningKeyException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * This instance's copy of the published keys, in memory, so signing and verifying never
 * ask the database. It is loaded before the server takes requests, again every
 * {@code AUTH_JWT_KEY_RELOAD_INTERVAL}, and when a token names a kid it does not hold or
 * the JWKS is asked for; those reloads are at most one a second, so a flood of made-up
 * kids costs the database nothing. The key that signs is chosen on the database's clock,
 * on which keys are scheduled (its distance from this instance's clock is read at each
 * load): an instance whose clock ran ahead would sign with a key its time has not come
 * for, one whose clock lags would find no key to sign with after the first start. Access
 * tokens are timed on that clock too (databaseAhead). In HS256 mode it holds no key, only
 * that distance.
 */
@Component
class SigningKeyRing implements SigningKeys, SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyRing.class);

	/** The least time between two reloads for unknown kids. */
	static final Duration UNKNOWN_KID_RELOAD_SPACING = Duration.ofSeconds(1);

	private final SigningKeyService keys;

	private final boolean enabled;

	private final Clock clock;

	private final ReentrantLock reloading = new ReentrantLock();

	/** When the last read of the keys began, whether or not it succeeded. */
	private volatile Instant triedAt = Instant.EPOCH;

	private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Instant.EPOCH, Duration.ZERO);

	SigningKeyRing(SigningKeyService keys, JwtProperties properties, Clock clock) {
		this.keys = keys;
		this.enabled = properties.algorithm() == JwtProperties.Algorithm.ES256;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.triedAt = this.clock.instant();
		this.snapshot = Snapshot.of(this.enabled ? this.keys.initialize() : this.keys.clockOnly(),
				this.clock.instant());
	}

	@Override
	public Duration databaseAhead() {
		return this.snapshot.databaseAhead();
	}

	@Override
	public SigningKey signingKey() {
		KeyMaterial signing = signingNow();
		if (signing == null || signing.privateKey() == null) {
			throw new NoSigningKeyException((signing == null) ? "no key signs now"
					: "the key " + signing.kid() + " that signs now was sealed under another AUTH_JWT_SECRET (an "
							+ "instance started with AUTH_JWT_TAKE_OVER_SIGNING took signing over): give this instance "
							+ "the new secret");
		}
		return new SigningKey(signing.kid(), signing.privateKey());
	}

	@Override
	public @Nullable PublicKey verificationKey(String kid) {
		KeyMaterial key = this.snapshot.byKid().get(kid);
		if (key == null && reloadForUnknownKid()) {
			key = this.snapshot.byKid().get(kid);
		}
		return (key != null) ? key.publicKey() : null;
	}

	/**
	 * The public keys to publish, in the order they sign (the waiting one last), read
	 * again if more than a second old: a key another instance's rotation made may sign at
	 * once (SigningKeyService.rotate), and a verifier asks for the set when it meets its
	 * kid. At most one read a second, however many ask.
	 */
	List<KeyMaterial> published() {
		// none waits: while another reads them (for long, in an outage), the set as held
		if (this.enabled && !isRecent(this.triedAt) && this.reloading.tryLock()) {
			try {
				if (!isRecent(this.triedAt)) {
					replaceSnapshot();
				}
			}
			catch (DataAccessException ex) {
				log.warn("Could not reload the signing keys: {}", ex.getMessage());
			}
			finally {
				this.reloading.unlock();
			}
		}
		return this.snapshot.keys();
	}

	/**
	 * An admin's rotation: now, on the database, the new state held here at once, and in
	 * the log with who asked for it.
	 */
	Rotation rotate(String adminId) {
		Rotation rotation = this.keys.rotate();
		reload();
		log.info("Admin {} rotated the signing keys: {} signs from {}", adminId, rotation.kid(), rotation.signsFrom());
		return rotation;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * The scheduled rotation (one instance does it), clean-up, and picking up new keys.
	 */
	@Scheduled(fixedDelayString = "${auth.jwt.key-reload-interval:1m}",
			initialDelayString = "${auth.jwt.key-reload-interval:1m}")
	void maintain() {
		try {
			if (this.enabled) {
				try {
					this.keys.rotateIfDue();
					this.keys.deleteRetired();
				}
				finally {
					// the other instances' rotations, whatever became of this one's
					reload();
				}
			}
			else {
				this.snapshot = Snapshot.of(this.keys.clockOnly(), this.clock.instant());
			}
		}
		catch (TransientDataAccessException | DataAccessResourceFailureException
				| CannotCreateTransactionException ex) {
			// the keys and the clock's distance last read stand; a stack trace a minute
			// through an outage would tell the operator nothing more
			log.warn("Could not reload the signing keys and the database's clock: {}", ex.getMessage());
			return;
		}
		KeyMaterial signing = signingNow();
		if (signing != null && signing.privateKey() == null) {
			log.error(
					"The signing key {} was sealed under another AUTH_JWT_SECRET: this instance cannot issue "
							+ "tokens (logins and refreshes get 503) until it has the secret the others have",
					signing.kid());
		}
	}

	private void reload() {
		this.reloading.lock();
		try {
			replaceSnapshot();
		}
		finally {
			this.reloading.unlock();
		}
	}

	/**
	 * The keys as the database holds them now. Keys only move forward: one that signs
	 * from before the one this instance signed with means the database went back (a
	 * backup restored under running instances).
	 */
	private void replaceSnapshot() {
		KeyMaterial signed = signingNow();
		this.triedAt = this.clock.instant();
		this.snapshot = Snapshot.of(this.keys.published(), this.clock.instant());
		KeyMaterial signing = signingNow();
		if (signed != null && signed.signsFrom() != null && (signing == null
				|| (signing.signsFrom() != null && signing.signsFrom().isBefore(signed.signsFrom())))) {
			log.error("The signing key {} that signed until now no longer signs in the database, an older one does: "
					+ "was the database restored from a backup? Rotate the key (docs/operations.md, \"Restoring a "
					+ "backup\")", signed.kid());
		}
	}

	/** The key that signs now, by the database's clock, as this instance holds it. */
	private @Nullable KeyMaterial signingNow() {
		Snapshot snapshot = this.snapshot;
		return KeyMaterial.signingAt(snapshot.keys(), this.clock.instant().plus(snapshot.databaseAhead()));
	}

	/**
	 * One reload a second at most, whatever the number of unknown kids: a request whose
	 * kid came while the last reload was under way waits for the next (a key another
	 * instance made a moment ago, which signs at once after a rotation), holding no
	 * connection; one asked after a reload began finds it done.
	 */
	private boolean reloadForUnknownKid() {
		if (!this.enabled) {
			return false;
		}
		Instant asked = this.clock.instant();
		this.reloading.lock();
		try {
			// a read begun since the kid came stands, whatever its outcome
			if (!this.triedAt.isAfter(asked)) {
				Duration wait = Duration.between(this.clock.instant(), this.triedAt.plus(UNKNOWN_KID_RELOAD_SPACING));
				if (wait.isPositive()) {
					Thread.sleep(wait);
				}
				replaceSnapshot();
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (DataAccessException ex) {
			log.warn("Could not reload the signing keys: {}", ex.getMessage());
			return false;
		}
		finally {
			this.reloading.unlock();
		}
	}

	private boolean isRecent(Instant tried) {
		return tried.plus(UNKNOWN_KID_RELOAD_SPACING).isAfter(this.clock.instant());
	}

	/**
	 * The keys, when this instance's clock loaded them, and how far the database's clock
	 * was ahead of it then.
	 */
	private record Snapshot(List<KeyMaterial> keys, Map<String, KeyMaterial> byKid, Instant loadedAt,
			Duration databaseAhead) {

		static Snapshot of(Published published, Instant loadedAt) {
			return new Snapshot(published.keys(),
					published.keys()
						.stream()
						.collect(Collectors.toUnmodifiableMap(KeyMaterial::kid, Function.identity())),
					loadedAt, Duration.between(loadedAt, published.databaseTime()));
		}

	}

}
