package dev.postsapi.auth;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.security.PasswordHashing;
import dev.postsapi.user.InvalidTokenException;
import dev.postsapi.user.OneTimeTokens;
import dev.postsapi.user.OneTimeTokens.Purpose;
import dev.postsapi.user.UserService;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * "I forgot my password": a request that only records an event (so it costs the same
 * whether the address is registered), and the reset with the mailed token.
 */
@Service
class PasswordResetService {

	private final AttemptLimiter limiter;

	private final OneTimeTokens tokens;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final SessionService sessions;

	private final UserService users;

	private final ApplicationEventPublisher events;

	private final TransactionOperations transactions;

	PasswordResetService(AttemptLimiter limiter, OneTimeTokens tokens, PasswordEncoder passwordEncoder,
			PasswordHashing hashing, SessionService sessions, UserService users, ApplicationEventPublisher events,
			TransactionOperations transactions) {
		this.limiter = limiter;
		this.tokens = tokens;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.sessions = sessions;
		this.users = users;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * Counts the request against its client address (429 past the limit), then records
	 * it; the mail, if the address is registered, goes out after the answer.
	 */
	void requestReset(String email, LoginClient client) {
		this.limiter.admitPasswordReset(client.address());
		this.transactions
			.executeWithoutResult(status -> this.events.publishEvent(ResetMailRequested.of(email, client)));
	}

	/**
	 * Sets the new password with a usable token, once: the token is used, the password
	 * changed (logins still checking the old one fail), every session ended and the
	 * account's failed logins forgotten, in one transaction. The link came to the
	 * account's address, so the address is verified too (the way back in for an
	 * unverified account when AUTH_REQUIRE_VERIFIED_EMAIL is on and its mail was lost).
	 */
	void resetPassword(String token, String newPassword, LoginClient client) {
		// bcrypt only for a token that can succeed, and before the transaction
		this.tokens.findUsable(token, Purpose.PASSWORD_RESET).orElseThrow(InvalidTokenException::new);
		String newHash = this.hashing.run(client.hashingClient(), () -> this.passwordEncoder.encode(newPassword));
		this.transactions.executeWithoutResult(status -> {
			// of two racing with one token, one finds it used
			String userId = this.tokens.use(token, Purpose.PASSWORD_RESET).orElseThrow(InvalidTokenException::new);
			if (!this.sessions.resetPassword(userId, newHash)) {
				// disabled since the token was checked: as if it were void, nothing kept
				throw new InvalidTokenException();
			}
			this.users.findMailRecipient(userId)
				.ifPresent(account -> this.limiter.clearAccount(userId, account.email()));
			this.users.markEmailVerified(userId);
		});
	}

}
