package dev.postsapi.auth;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import dev.postsapi.auth.SessionRepository.SessionOwner;
import dev.postsapi.security.AccessTokens;
import dev.postsapi.security.Caller;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Sha256;
import dev.postsapi.user.UserService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Service;
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

	SessionService(SessionRepository sessions, AccessTokens tokens, UserService users,
			SessionProperties sessionProperties, RefreshTokenProperties refreshProperties) {
		this.sessions = sessions;
		this.tokens = tokens;
		this.users = users;
		this.sessionProperties = sessionProperties;
		this.refreshProperties = refreshProperties;
	}

	/** Opens a session for a user who has just proved who they are. */
	@Transactional
	TokenResponse open(String userId, LoginClient client) {
		UUID sessionId = this.sessions.createSession(userId, this.sessionProperties.maxLifetime().toString(),
				client.address(), client.userAgent());
		return tokens(userId, sessionId, newRefreshToken(sessionId, null));
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
			return continueSession(rotated.get(), hash);
		}
		SessionOwner replayed = this.sessions.findLiveSessionOfUsedToken(hash)
			.orElseThrow(InvalidRefreshTokenException::new);
		if (!this.refreshProperties.reuseInterval().isZero()
				&& this.sessions.isReusable(hash, this.refreshProperties.reuseInterval().toString())) {
			return continueSession(replayed, hash); // a sibling of the first exchange's
													// token
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

	@Transactional
	void logoutEverywhere(String userId) {
		this.sessions.revokeSessionsOfUser(userId);
	}

	/** Sets the new password hash and ends the caller's other sessions, together. */
	@Transactional
	void changePassword(Caller caller, String newPasswordHash) {
		this.users.changePasswordHash(caller.userId(), newPasswordHash);
		this.sessions.revokeOtherSessionsOfUser(caller.userId(), caller.sessionId());
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

	private TokenResponse continueSession(SessionOwner owner, byte[] parentHash) {
		this.sessions.markRefreshed(owner.getSessionId());
		return tokens(owner.getUserId(), owner.getSessionId(), newRefreshToken(owner.getSessionId(), parentHash));
	}

	private TokenResponse tokens(String userId, UUID sessionId, String refreshToken) {
		return TokenResponse.bearer(this.tokens.issue(userId, sessionId), this.tokens.lifetimeSeconds(), refreshToken);
	}

	private String newRefreshToken(UUID sessionId, byte @Nullable [] parentHash) {
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(REFRESH_TOKENS.generateKey());
		this.sessions.insertRefreshToken(Sha256.digest(token), sessionId, parentHash,
				this.refreshProperties.tokenTtl().toString());
		return token;
	}

}
