package dev.postsapi.auth;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.postsapi.auth.SessionRepository.SessionOwner;
import dev.postsapi.events.SecurityEventType;
import dev.postsapi.events.SecurityEvents;
import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.security.AccessTokens;
import dev.postsapi.security.Caller;
import dev.postsapi.security.Role;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.SessionEndedException;
import dev.postsapi.user.AccountRestricted;
import dev.postsapi.security.Sha256;
import dev.postsapi.user.OneTimeTokens;
import dev.postsapi.user.OneTimeTokens.Purpose;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.UserCredentials;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sessions, one per login, and their refresh tokens (stored as SHA-256), each good once:
 * a used one presented again means a thief may hold it, so the session ends.
 */
@Service
class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final BytesKeyGenerator REFRESH_TOKENS = KeyGenerators.secureRandom(32);

	private static final int CLEANUP_BATCH = 10_000;

	private static final String PASSWORD_CHANGED_MAIL = "password-changed";

	private final SessionRepository sessions;

	private final SessionStatements statements;

	private final AccessTokens tokens;

	private final UserService users;

	private final SessionProperties sessionProperties;

	private final RefreshTokenProperties refreshProperties;

	private final SecretKey refreshTokenKey;

	private final SecurityEvents events;

	private final ApplicationEventPublisher publisher;

	private final OneTimeTokens oneTimeTokens;

	private final AttemptLimiter limiter;

	private final VerifiedEmailProperties verifiedEmail;

	private final LiveSessions liveSessions;

	SessionService(SessionRepository sessions, SessionStatements statements, AccessTokens tokens, UserService users,
			SessionProperties sessionProperties, RefreshTokenProperties refreshProperties, SecretKey serverKey,
			SecurityEvents events, ApplicationEventPublisher publisher, OneTimeTokens oneTimeTokens,
			AttemptLimiter limiter, VerifiedEmailProperties verifiedEmail, LiveSessions liveSessions) {
		this.liveSessions = liveSessions;
		this.oneTimeTokens = oneTimeTokens;
		this.limiter = limiter;
		this.verifiedEmail = verifiedEmail;
		this.sessions = sessions;
		this.statements = statements;
		this.tokens = tokens;
		this.users = users;
		this.sessionProperties = sessionProperties;
		this.refreshProperties = refreshProperties;
		this.refreshTokenKey = serverKey;
		this.events = events;
		this.publisher = publisher;
	}

	/**
	 * Opens a session for a user who has just proved who they are, unless the password
	 * changed or every session was ended while it was checked; the oldest live sessions
	 * past the cap end. The login's address becomes known to the limits in the same
	 * transaction, under the account's lock: a deletion that forgets the account's
	 * addresses comes wholly before or after it.
	 */
	@Transactional
	TokenResponse open(UserCredentials checked, LoginClient client, LoginAttempt attempt) {
		if (!this.users.holdUnchanged(checked)) {
			throw new InvalidCredentialsException();
		}
		this.limiter.loginSucceeded(attempt);
		UUID sessionId = this.statements.createSession(checked.userId(),
				this.sessionProperties.maxLifetime().toString(), client.address(), client.userAgent());
		List<UUID> overCap = this.statements.revokeAllButNewest(checked.userId(), this.sessionProperties.maxPerUser());
		this.events.record(checked.userId(), SecurityEventType.LOGIN_SUCCEEDED, sessionId);
		this.events.recordForSessions(checked.userId(), SecurityEventType.SESSION_REVOKED, overCap);
		return tokens(checked.userId(), sessionId, checked.roles(), newRefreshToken(sessionId));
	}

	/**
	 * Exchanges a refresh token for a new pair. The revocation of a session whose token
	 * was replayed is committed although the answer is an error.
	 */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	TokenResponse refresh(String refreshToken, LoginClient client) {
		byte[] hash = Sha256.digest(refreshToken);
		this.sessions.lockAccountOfRefreshToken(hash).ifPresent(this.sessions::lockLiveSession);
		Optional<SessionOwner> rotated = this.sessions.useRefreshToken(hash);
		if (rotated.isPresent()) {
			return continueSession(rotated.get(), refreshToken, client);
		}
		SessionOwner replayed = this.sessions.findLiveSessionOfUsedToken(hash)
			.orElseThrow(InvalidRefreshTokenException::new);
		if (!this.refreshProperties.reuseInterval().isZero()
				&& this.sessions.isReusable(hash, this.refreshProperties.reuseInterval().toString())) {
			// the first exchange's child again
			return continueSession(replayed, refreshToken, client);
		}
		this.sessions.revokeSession(replayed.getSessionId());
		// committed with the revocation, although the answer is an error
		this.events.record(replayed.getUserId(), SecurityEventType.REFRESH_TOKEN_REUSE_DETECTED,
				replayed.getSessionId());
		// the session leaves the device list: the log keeps where it was last used from
		log.warn("A used refresh token was presented again; session {} of user {} is revoked (last used from {}, {})",
				replayed.getSessionId(), replayed.getUserId(), replayed.getLastAddress(), replayed.getLastUserAgent());
		throw new InvalidRefreshTokenException();
	}

	/**
	 * Ends the caller's session (a logout event) and, if it is another of theirs, the
	 * refresh token's (session_revoked). Like every change a session asks for, not once
	 * that session has ended, even while the request waited for the account.
	 */
	@Transactional
	void logout(Caller caller, @Nullable String refreshToken) {
		holdAccount(caller);
		requireLiveSession(caller);
		this.sessions.revokeSession(caller.sessionId());
		this.events.record(caller.userId(), SecurityEventType.LOGOUT, caller.sessionId());
		if (refreshToken != null) {
			this.sessions.revokeSessionOfRefreshToken(Sha256.digest(refreshToken), caller.userId())
				.ifPresent(other -> this.events.record(caller.userId(), SecurityEventType.SESSION_REVOKED, other));
		}
	}

	/** The caller's live sessions, most recently used first; the caller's own marked. */
	@Transactional(readOnly = true)
	List<DeviceSession> liveSessions(Caller caller) {
		return this.sessions.findLiveSessionsOfUser(caller.userId())
			.stream()
			.map((session) -> DeviceSession.of(session, caller.sessionId()))
			.toList();
	}

	/**
	 * Ends one of the caller's live sessions; any other id is not found. Not once the
	 * caller's own session has ended.
	 */
	@Transactional
	void endSession(Caller caller, UUID sessionId) {
		holdAccount(caller);
		requireLiveSession(caller);
		if (this.sessions.revokeLiveSessionOfUser(sessionId, caller.userId()) == 0) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such session");
		}
		this.events.record(caller.userId(), SecurityEventType.SESSION_REVOKED, sessionId);
	}

	/**
	 * Ends every session, and every login still checking a password: a logout event for
	 * the caller's session, session_revoked for each other one. Not once the caller's
	 * session has ended (a password change elsewhere came first).
	 */
	@Transactional
	void logoutEverywhere(Caller caller) {
		this.oneTimeTokens.voidUnused(caller.userId(), Purpose.PASSWORD_RESET);
		this.users.retireCredentialChecks(caller.userId());
		requireLiveSession(caller);
		List<UUID> others = this.sessions.revokeSessionsOfUser(caller.userId())
			.stream()
			.filter(ended -> !ended.equals(caller.sessionId()))
			.toList();
		this.events.record(caller.userId(), SecurityEventType.LOGOUT, caller.sessionId());
		this.events.recordForSessions(caller.userId(), SecurityEventType.SESSION_REVOKED, others);
	}

	/**
	 * Sets the new password hash and ends the caller's other sessions, together, with
	 * their events; the owner gets a mail about it. Not once a reset, another change, a
	 * logout everywhere or the end of the caller's session came first. Reset links mailed
	 * before it are void.
	 */
	@Transactional
	void changePassword(Caller caller, UserCredentials checked, String newPasswordHash, String passwordWrong,
			LoginAttempt attempt) {
		// rows in the order every change takes them: the account's reset links (as a
		// reset takes its token first), the account, then (under it, in any order) its
		// limit counters and sessions
		this.oneTimeTokens.voidUnused(caller.userId(), Purpose.PASSWORD_RESET);
		requireUnchangedPassword(caller, checked, passwordWrong);
		this.users.changePasswordHash(caller.userId(), newPasswordHash);
		this.limiter.passwordChanged(attempt);
		List<UUID> others = this.sessions.revokeOtherSessionsOfUser(caller.userId(), caller.sessionId());
		requireLiveSession(caller);
		this.events.record(caller.userId(), SecurityEventType.PASSWORD_CHANGED, caller.sessionId());
		this.events.recordForSessions(caller.userId(), SecurityEventType.SESSION_REVOKED, others);
		mailPasswordChanged(caller.userId(), false);
	}

	/**
	 * Deletes the caller's account, whose password was just checked, unless what
	 * {@link #changePassword} looks for came first, or it is the last enabled admin's.
	 */
	@Transactional
	void deleteAccount(Caller caller, UserCredentials checked, String passwordWrong) {
		// first, as an admin's deletion of the account takes it
		this.users.holdAccountChanges();
		// its mailed tokens before the account, in the order a password change takes them
		this.oneTimeTokens.voidAll(caller.userId());
		requireUnchangedPassword(caller, checked, passwordWrong);
		requireLiveSession(caller);
		this.users.deleteOwnAccount(caller.userId());
	}

	/**
	 * The password checked is still the account's, and stays so until the transaction
	 * ends (a racing reset, change or logout everywhere waits for it): a request checked
	 * before one of them came cannot undo it. If one came first and ended the caller's
	 * session, or the account is gone, a 401 as for any ended session: the password given
	 * was right.
	 */
	private void requireUnchangedPassword(Caller caller, UserCredentials checked, String passwordWrong) {
		if (!this.users.holdUnchanged(checked)) {
			// the request's own check, asked again: would its token be refused now?
			throw (this.liveSessions.rolesIfLive(caller.sessionId(), caller.userId()) != null)
					? new ResponseStatusException(HttpStatus.FORBIDDEN, passwordWrong) : new SessionEndedException();
		}
	}

	/**
	 * Locks the caller's account until the transaction ends, before any of its sessions,
	 * as every change to sessions does (a login, a password change or reset, a deletion,
	 * an admin's change). This change's event needs the account too (its foreign key): a
	 * session held while waiting for the account would deadlock with a deletion holding
	 * the account and waiting for the session. 401 if the account is gone.
	 */
	private void holdAccount(Caller caller) {
		if (!this.users.holdAccount(caller.userId())) {
			throw new SessionEndedException();
		}
	}

	/** The caller's session is live, and stays so until the transaction ends. */
	private void requireLiveSession(Caller caller) {
		if (this.sessions.lockLiveSession(caller.sessionId()).isEmpty()) {
			throw new SessionEndedException();
		}
	}

	/**
	 * "Your password was changed" to the account's address, at most five a day, to the
	 * account and to the address: changes in a loop, or accounts registered to someone
	 * else's address, changing and deleted in turn, fill no one's mailbox (the address
	 * need not be verified) nor the mail queue. Under the account's lock, as its counters
	 * are taken.
	 */
	private void mailPasswordChanged(String userId, boolean reset) {
		this.users.findMailRecipient(userId)
			.filter((recipient) -> this.limiter.admitOwnerMail(PASSWORD_CHANGED_MAIL, userId, recipient.email()))
			.ifPresent((recipient) -> this.publisher
				.publishEvent(PasswordChangedMailRequested.of(userId, recipient.email(), reset)));
	}

	/** Ends every session of an account that was disabled or lost a role, with it. */
	@EventListener
	void accountRestricted(AccountRestricted restricted) {
		this.events.recordForSessions(restricted.userId(), SecurityEventType.SESSION_REVOKED,
				this.sessions.revokeSessionsOfUser(restricted.userId()));
	}

	/**
	 * A reset: the new password hash, and every session of the account ends. False, and
	 * nothing done, when the account was disabled meanwhile.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean resetPassword(String userId, String newPasswordHash) {
		if (!this.users.changePasswordHash(userId, newPasswordHash)) {
			return false;
		}
		this.events.record(userId, SecurityEventType.PASSWORD_RESET_COMPLETED, null);
		this.events.recordForSessions(userId, SecurityEventType.SESSION_REVOKED,
				this.sessions.revokeSessionsOfUser(userId));
		mailPasswordChanged(userId, true);
		return true;
	}

	/**
	 * Deletes ended sessions and tokens; instances skip each other's rows, and each batch
	 * commits alone, so two instances' runs never wait for each other's rows.
	 */
	@Scheduled(fixedDelayString = "${auth.session.cleanup-interval:1h}", initialDelayString = "1m")
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
	 * The child of a refresh token is derived from it, the server key and the salt its
	 * row was given when it was used, so exchanging it again within the reuse interval
	 * gives the same child, never a second chain; and a spent token with the server key
	 * (AUTH_JWT_SECRET), or with a copy of the database, does not give the chain after
	 * it.
	 */
	private TokenResponse continueSession(SessionOwner owner, String parentToken, LoginClient client) {
		// as a login would not: a session opened before AUTH_REQUIRE_VERIFIED_EMAIL was
		// on; its refresh token is kept (rolled back) for once the address is verified
		if (this.verifiedEmail.requireVerifiedEmail() && !owner.getEmailVerified()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, LoginService.EMAIL_NOT_VERIFIED);
		}
		this.sessions.markRefreshed(owner.getSessionId(), client.address(), client.userAgent());
		UUID salt = owner.getChildSalt();
		String child = encode(Sha256.hmac(this.refreshTokenKey,
				"refresh-token-child:" + parentToken + ((salt != null) ? ":" + salt : "")));
		this.statements.insertRefreshToken(Sha256.digest(child), owner.getSessionId(), Sha256.digest(parentToken),
				this.refreshProperties.tokenTtl().toString());
		return tokens(owner.getUserId(), owner.getSessionId(), Role.fromStored(owner.getStoredRoles()), child);
	}

	private TokenResponse tokens(String userId, UUID sessionId, List<Role> roles, String refreshToken) {
		return TokenResponse.bearer(this.tokens.issue(userId, sessionId, roles), this.tokens.lifetimeSeconds(),
				refreshToken);
	}

	private String newRefreshToken(UUID sessionId) {
		String token = encode(REFRESH_TOKENS.generateKey());
		this.statements.insertRefreshToken(Sha256.digest(token), sessionId, null,
				this.refreshProperties.tokenTtl().toString());
		return token;
	}

	private static String encode(byte[] token) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

}
