package dev.postsapi.auth;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.postsapi.events.SecurityEventType;
import dev.postsapi.events.SecurityEvents;
import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.limits.TooManyAttemptsException;
import dev.postsapi.security.Caller;
import dev.postsapi.security.PasswordHashing;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.CredentialLookup;
import dev.postsapi.user.UserService.UserCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.server.ResponseStatusException;

/**
 * Everything that checks a password: login, and the proof a password change asks for.
 * Each check passes the brute-force limits first and counts when the password is wrong.
 */
@Service
class LoginService {

	/**
	 * Why the right password opens no session, nor a refresh continues one, while
	 * AUTH_REQUIRE_VERIFIED_EMAIL is on.
	 */
	static final String EMAIL_NOT_VERIFIED = "Email not verified";

	private static final String CURRENT_PASSWORD_WRONG = "The current password is wrong";

	private static final String PASSWORD_WRONG = "The password is wrong";

	private final UserService users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final AttemptLimiter limiter;

	private final SessionService sessions;

	private final SecurityEvents events;

	private final VerifiedEmailProperties verifiedEmail;

	/** What an unknown username is compared with, so it costs a wrong password's time. */
	private final Supplier<String> unknownUserHash;

	LoginService(UserService users, PasswordEncoder passwordEncoder, PasswordHashing hashing, AttemptLimiter limiter,
			SessionService sessions, SecurityEvents events, VerifiedEmailProperties verifiedEmail) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
		this.sessions = sessions;
		this.events = events;
		this.verifiedEmail = verifiedEmail;
		this.unknownUserHash = SingletonSupplier
			.of(() -> hashing.run(() -> passwordEncoder.encode(UUID.randomUUID().toString())));
	}

	/** Opens a session for the user_id or e-mail; one 401 for every failure. */
	TokenResponse login(String username, String password, LoginClient client) {
		CredentialLookup lookup = this.users.findCredentials(username);
		LoginAttempt attempt = admit(lookup, client, null);
		UserCredentials checked = check(attempt, lookup, client, password, null)
			.orElseThrow(InvalidCredentialsException::new);
		try {
			return open(checked, client, attempt);
		}
		catch (InvalidCredentialsException changed) {
			// the account changed while its password was checked. Where an admin's
			// one restriction is all that changed (the version one further, as it
			// puts it; the password the one checked; the account disabled or a role
			// taken), the answer a login after it gets, not a wrong password's.
			// Anything more (a new password, a logout everywhere): the 401
			UserCredentials restricted = this.users.findCredentialsOf(checked.userId())
				.credentials()
				.filter((now) -> now.version() == checked.version() + 1
						&& now.passwordHash().equals(checked.passwordHash())
						&& ((now.disabled() && !checked.disabled()) || !now.roles().containsAll(checked.roles())))
				.orElseThrow(() -> changed);
			return open(restricted, client, attempt);
		}
	}

	/** A session for credentials just checked, unless the account may not open one. */
	private TokenResponse open(UserCredentials checked, LoginClient client, LoginAttempt attempt) {
		// told only to whom the password is known
		if (checked.disabled()) {
			throw refused(checked, attempt, "Account disabled");
		}
		if (this.verifiedEmail.requireVerifiedEmail() && !checked.emailVerified()) {
			throw refused(checked, attempt, EMAIL_NOT_VERIFIED);
		}
		return this.sessions.open(checked, client, attempt);
	}

	/**
	 * The right password, no session: a login_failed event, so that the owner and the
	 * admins see someone who still knows the password of a disabled account trying it,
	 * counted by the limits as a failure is, so that it adds a bounded number of events.
	 */
	private ResponseStatusException refused(UserCredentials checked, LoginAttempt attempt, String reason) {
		this.limiter.loginFailed(attempt);
		this.events.record(checked.userId(), SecurityEventType.LOGIN_FAILED, null);
		return new ResponseStatusException(HttpStatus.FORBIDDEN, reason);
	}

	/**
	 * Sets a new password once the current one is proven; the caller's other sessions
	 * end, and so do the addresses the limits know for the account. A wrong current
	 * password counts as a failed login.
	 */
	void changePassword(Caller caller, String currentPassword, String newPassword, LoginClient client) {
		CredentialLookup lookup = this.users.findCredentialsOf(caller.userId());
		LoginAttempt attempt = admit(lookup, client, caller.sessionId());
		UserCredentials checked = check(attempt, lookup, client, currentPassword, caller.sessionId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, CURRENT_PASSWORD_WRONG));
		// hashed before the transaction: no pool connection waits on bcrypt
		String newHash = this.hashing.run(client.hashingClient(), () -> this.passwordEncoder.encode(newPassword));
		this.sessions.changePassword(caller, checked, newHash, CURRENT_PASSWORD_WRONG, attempt);
	}

	/**
	 * Deletes the caller's account once its password is proven: its posts, votes and
	 * sessions go with it. A wrong password counts as a failed login.
	 */
	void deleteAccount(Caller caller, String password, LoginClient client) {
		CredentialLookup lookup = this.users.findCredentialsOf(caller.userId());
		LoginAttempt attempt = admit(lookup, client, caller.sessionId());
		UserCredentials checked = check(attempt, lookup, client, password, caller.sessionId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, PASSWORD_WRONG));
		this.sessions.deleteAccount(caller, checked, PASSWORD_WRONG);
	}

	/**
	 * Whom the per-account limits count: the account, however it was named, else the name
	 * as the lookup normalised it (an unknown name counts alike, revealing nothing).
	 */
	private static String limitedAccount(CredentialLookup lookup) {
		return lookup.credentials()
			.map(credentials -> AttemptLimiter.accountOf(credentials.userId()))
			.orElseGet(() -> AttemptLimiter.nameOf(lookup.normalizedName()));
	}

	private LoginAttempt admit(CredentialLookup lookup, LoginClient client, @Nullable UUID sessionId) {
		try {
			return this.limiter.admitLogin(limitedAccount(lookup), lookup.normalizedName(), client.address());
		}
		catch (TooManyAttemptsException ex) {
			throttled(lookup, client, sessionId);
			throw ex;
		}
	}

	/**
	 * The credentials when the password is the user's; a wrong one is a login_failed
	 * event. The limits are checked right before bcrypt and a failure counted right
	 * after, on the hashing thread, so a burst passes a limit by no more than the
	 * passwords being hashed at that moment.
	 */
	private Optional<UserCredentials> check(LoginAttempt attempt, CredentialLookup lookup, LoginClient client,
			String password, @Nullable UUID sessionId) {
		Optional<UserCredentials> credentials = lookup.credentials();
		String hash = credentials.map(UserCredentials::passwordHash).orElseGet(this.unknownUserHash);
		boolean matched;
		try {
			matched = this.hashing.run(client.hashingClient(), () -> {
				this.limiter.checkLogin(attempt);
				boolean matches = this.passwordEncoder.matches(password, hash);
				if (!matches) {
					this.limiter.loginFailed(attempt);
				}
				return matches;
			});
		}
		catch (TooManyAttemptsException ex) {
			throttled(lookup, client, sessionId);
			throw ex;
		}
		if (!matched) {
			// outside any transaction: it stays, whatever the answer
			this.events.record(userId(lookup), SecurityEventType.LOGIN_FAILED, sessionId);
		}
		return matched ? credentials : Optional.empty();
	}

	/**
	 * A refused attempt is a login_throttled event, of a known account only the first in
	 * its window: a flood of refused guesses adds one row, not one per guess. A refusal
	 * of an unknown name is counted too (on its address), so that it takes the same
	 * statement whether or not the account exists.
	 */
	private void throttled(CredentialLookup lookup, LoginClient client, @Nullable UUID sessionId) {
		String userId = userId(lookup);
		boolean firstRefusal = this.limiter.firstRefusal(userId, client.address());
		if (userId == null || firstRefusal) {
			this.events.record(userId, SecurityEventType.LOGIN_THROTTLED, sessionId);
		}
	}

	/** The account's user_id; null for a name no account has (counted, never stored). */
	private static @Nullable String userId(CredentialLookup lookup) {
		return lookup.credentials().map(UserCredentials::userId).orElse(null);
	}

}
