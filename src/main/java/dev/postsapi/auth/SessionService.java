package dev.postsapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import dev.postsapi.auth.SessionRepository.SessionOwner;
import dev.postsapi.user.UserProfile;
import dev.postsapi.user.UserService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions: one per login, named by every access token it issues, ended by logout, by a
 * password change, by its absolute lifetime, or by a refresh token presented twice.
 * <p>
 * A refresh token is 32 random bytes (base64url), stored only as its SHA-256, and works
 * once: each exchange marks it used and issues a child. A used token presented again
 * means two parties hold it, and the honest one cannot be told from the thief, so the
 * whole session ends. A configurable reuse interval softens this for clients that lost an
 * answer.
 */
@Service
class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final int REFRESH_TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final SessionRepository sessions;

	private final TokenService tokens;

	private final UserService users;

	private final SessionProperties sessionProperties;

	private final RefreshTokenProperties refreshProperties;

	SessionService(SessionRepository sessions, TokenService tokens, UserService users,
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
		UUID sessionId = this.sessions.createSession(userId, this.sessionProperties.maxLifetime(), client);
		return this.tokens.issue(userId, sessionId, newRefreshToken(sessionId, null));
	}

	/**
	 * Exchanges a refresh token for a new pair. The revocation of a session whose token
	 * was replayed is committed although the answer is an error.
	 * @throws InvalidRefreshTokenException whatever is wrong with the token
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	TokenResponse refresh(String refreshToken) {
		byte[] hash = hash(refreshToken);
		Optional<SessionOwner> rotated = this.sessions.useRefreshToken(hash);
		if (rotated.isPresent()) {
			return continueSession(rotated.get(), hash);
		}
		SessionOwner replayed = this.sessions.findLiveSessionOfUsedToken(hash)
			.orElseThrow(InvalidRefreshTokenException::new);
		if (this.refreshProperties.allowsReuse()
				&& this.sessions.isReusable(hash, this.refreshProperties.reuseInterval())) {
			// a client that lost the answer: a sibling of the token the first exchange
			// issued
			return continueSession(replayed, hash);
		}
		this.sessions.revokeSession(replayed.sessionId());
		log.warn("A used refresh token was presented again; session {} of user {} is revoked", replayed.sessionId(),
				replayed.userId());
		throw new InvalidRefreshTokenException();
	}

	/**
	 * Ends the caller's session and, if it is one of theirs, the session of the refresh
	 * token.
	 */
	@Transactional
	void logout(String userId, UUID sessionId, @Nullable String refreshToken) {
		this.sessions.revokeSession(sessionId);
		if (refreshToken != null) {
			this.sessions.revokeSessionOfRefreshToken(hash(refreshToken), userId);
		}
	}

	/** Ends every session of the user. */
	@Transactional
	void logoutEverywhere(String userId) {
		this.sessions.revokeSessionsOfUser(userId, null);
	}

	/**
	 * Sets a new password and ends every other session of the user, together or not at
	 * all.
	 */
	@Transactional
	void changePassword(String userId, UUID keptSessionId, String newPassword) {
		this.users.changePassword(userId, newPassword);
		this.sessions.revokeSessionsOfUser(userId, keptSessionId);
	}

	/** The user of a live session: asked on every authenticated request. */
	Optional<UserProfile> findUserOfLiveSession(UUID sessionId, String userId) {
		return this.sessions.findUserOfLiveSession(sessionId, userId);
	}

	/**
	 * Deletes expired sessions and refresh tokens, a batch at a time; returns how many
	 * rows.
	 */
	int deleteExpired() {
		int deleted = 0;
		int batch;
		do {
			batch = this.sessions.deleteExpired(this.refreshProperties.tokenTtl(), 10_000);
			deleted += batch;
		}
		while (batch > 0);
		return deleted;
	}

	private TokenResponse continueSession(SessionOwner owner, byte[] parentHash) {
		this.sessions.markRefreshed(owner.sessionId());
		return this.tokens.issue(owner.userId(), owner.sessionId(), newRefreshToken(owner.sessionId(), parentHash));
	}

	private String newRefreshToken(UUID sessionId, byte @Nullable [] parentHash) {
		byte[] bytes = new byte[REFRESH_TOKEN_BYTES];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.sessions.insertRefreshToken(hash(token), sessionId, parentHash, this.refreshProperties.tokenTtl());
		return token;
	}

	/**
	 * What is stored of a refresh token; any string hashes, so malformed ones are simply
	 * unknown.
	 */
	static byte[] hash(String refreshToken) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
