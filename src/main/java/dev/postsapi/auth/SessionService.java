package dev.postsapi.auth;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.postsapi.auth.SessionRepository.SessionOwner;
import dev.postsapi.security.AccessTokens;
import dev.postsapi.security.Caller;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Sha256;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.UserCredentials;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions, one per login, and their refresh tokens (stored as SHA-256), each good once:
 * a used one presented again means a thief may hold it, so the session ends.
 */
@Service
class SessionService implements LiveSessions {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final BytesKeyGenerator REFRESH_TOKENS = KeyGenerators.secureRandom(32);

	private static final int CLEANUP_BATCH = 10_000;

	private final SessionRepository sessions;

	private final AccessTokens tokens;

	private final UserService users;

	private final SessionProperties sessionProperties;

	private final RefreshTokenProperties refreshProperties;

	private final SecretKey refreshTokenKey;

	private final ApplicationEventPublisher events;

	SessionService(SessionRepository sessions, AccessTokens tokens, UserService users,
			SessionProperties sessionProperties, RefreshTokenProperties refreshProperties, SecretKey serverKey,
			ApplicationEventPublisher events) {
		this.sessions = sessions;
		this.tokens = tokens;
		this.users = users;
		this.sessionProperties = sessionProperties;
		this.refreshProperties = refreshProperties;
		this.refreshTokenKey = serverKey;
		this.events = events;
	}

	/**
	 * Opens a session for a user who has just proved who they are, unless the password
	 * changed or every session was ended while it was checked; the oldest live sessions
	 * past the cap end.
	 */
	@Transactional
	TokenResponse open(UserCredentials checked, LoginClient client) {
		if (!this.users.holdUnchanged(checked)) {
			throw new InvalidCredentialsException();
		}
		UUID sessionId = this.sessions.createSession(checked.userId(), this.sessionProperties.maxLifetime().toString(),
				client.address(), client.userAgent());
		this.sessions.revokeAllButNewest(checked.userId(), this.sessionProperties.maxPerUser());
		return tokens(checked.userId(), sessionId, newRefreshToken(sessionId));
	}

	/**
	 * Exchanges a refresh token for a new pair. The revocation of a session whose token
	 * was replayed is committed although the answer is an error.
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	TokenResponse refresh(String refreshToken) {
		byte[] hash = Sha256.digest(refreshToken);
		Optional<SessionOwner> rotated = this.sessions.useRefreshToken(hash);
		if (rotated.isPresent()) {
			return continueSession(rotated.get(), refreshToken);
		}
		SessionOwner replayed = this.sessions.findLiveSessionOfUsedToken(hash)
			.orElseThrow(InvalidRefreshTokenException::new);
		if (!this.refreshProperties.reuseInterval().isZero()
				&& this.sessions.isReusable(hash, this.refreshProperties.reuseInterval().toString())) {
			return continueSession(replayed, refreshToken); // the first exchange's child
															// again
		}
		this.sessions.revokeSession(replayed.getSessionId());
		log.warn("A used refresh token was presented again; session {} of user {} is revoked", replayed.getSessionId(),
				replayed.getUserId());
		throw new InvalidRefreshTokenException();
	}

	/** Ends the caller's session and, if it is one of theirs, the refresh token's. */
	@Transactional
	void logout(Caller caller, @Nullable String refreshToken) {
		this.sessions.revokeSession(caller.sessionId());
		if (refreshToken != null) {
			this.sessions.revokeSessionOfRefreshToken(Sha256.digest(refreshToken), caller.userId());
		}
	}

	/** Ends every session, and every login still checking a password. */
	@Transactional
	void logoutEverywhere(String userId) {
		this.users.retireCredentialChecks(userId);
		this.sessions.revokeSessionsOfUser(userId);
	}

	/**
	 * Sets the new password hash and ends the caller's other sessions, together; the
	 * owner gets a mail about it.
	 */
	@Transactional
	void changePassword(Caller caller, String newPasswordHash) {
		this.users.changePasswordHash(caller.userId(), newPasswordHash);
		this.sessions.revokeOtherSessionsOfUser(caller.userId(), caller.sessionId());
		this.events.publishEvent(PasswordChangedMailRequested.of(caller.userId()));
	}

	/** A reset: the new password hash, and every session of the account ends. */
	@Transactional(propagation = Propagation.MANDATORY)
	void resetPassword(String userId, String newPasswordHash) {
		this.users.changePasswordHash(userId, newPasswordHash);
		this.sessions.revokeSessionsOfUser(userId);
		this.events.publishEvent(PasswordChangedMailRequested.of(userId));
	}

	@Override
	public boolean isLive(UUID sessionId, String userId) {
		return this.sessions.isLive(sessionId, userId);
	}

	/** Deletes ended sessions and tokens; instances skip each other's rows. */
	@Scheduled(fixedDelayString = "${auth.session.cleanup-interval:1h}", initialDelayString = "1m")
	@Transactional
	int deleteExpired() {
		int deleted = 0;
		int batch;
		do {
			batch = this.sessions.deleteExpiredRefreshTokens(CLEANUP_BATCH)
					+ this.sessions.deleteEndedSessions(this.refreshProperties.tokenTtl().toString(), CLEANUP_BATCH);
			deleted += batch;
		}
		while (batch > 0);
		if (deleted > 0) {
			log.info("Deleted {} expired sessions and refresh tokens", deleted);
		}
		return deleted;
	}

	/**
	 * The child of a refresh token is derived from it, so exchanging it again within the
	 * reuse interval gives the same child, never a second chain.
	 */
	private TokenResponse continueSession(SessionOwner owner, String parentToken) {
		this.sessions.markRefreshed(owner.getSessionId());
		String child = encode(Sha256.hmac(this.refreshTokenKey, "refresh-token-child:" + parentToken));
		this.sessions.insertRefreshToken(Sha256.digest(child), owner.getSessionId(), Sha256.digest(parentToken),
				this.refreshProperties.tokenTtl().toString());
		return tokens(owner.getUserId(), owner.getSessionId(), child);
	}

	private TokenResponse tokens(String userId, UUID sessionId, String refreshToken) {
		return TokenResponse.bearer(this.tokens.issue(userId, sessionId), this.tokens.lifetimeSeconds(), refreshToken);
	}

	private String newRefreshToken(UUID sessionId) {
		String token = encode(REFRESH_TOKENS.generateKey());
		this.sessions.insertRefreshToken(Sha256.digest(token), sessionId, null,
				this.refreshProperties.tokenTtl().toString());
		return token;
	}

	private static String encode(byte[] token) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

}
