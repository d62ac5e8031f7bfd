package dev.postsapi.auth;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.security.Caller;
import dev.postsapi.security.PasswordHashing;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.CredentialLookup;
import dev.postsapi.user.UserService.UserCredentials;

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

	private final UserService users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final AttemptLimiter limiter;

	private final SessionService sessions;

	private final VerifiedEmailProperties verifiedEmail;

	/** What an unknown username is compared with, so it costs a wrong password's time. */
	private final Supplier<String> unknownUserHash;

	LoginService(UserService users, PasswordEncoder passwordEncoder, PasswordHashing hashing, AttemptLimiter limiter,
			SessionService sessions, VerifiedEmailProperties verifiedEmail) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
		this.sessions = sessions;
		this.verifiedEmail = verifiedEmail;
		this.unknownUserHash = SingletonSupplier
			.of(() -> hashing.run(() -> passwordEncoder.encode(UUID.randomUUID().toString())));
	}

	/** Opens a session for the user_id or e-mail; one 401 for every failure. */
	TokenResponse login(String username, String password, LoginClient client) {
		CredentialLookup lookup = this.users.findCredentials(username);
		LoginAttempt attempt = this.limiter.admitLogin(limitedAccount(lookup), client.address());
		UserCredentials checked = check(attempt, lookup.credentials(), password)
			.orElseThrow(InvalidCredentialsException::new);
		// only the right password learns this
		if (this.verifiedEmail.requireVerifiedEmail() && !checked.emailVerified()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Email not verified");
		}
		TokenResponse tokens = this.sessions.open(checked, client);
		this.limiter.loginSucceeded(attempt);
		return tokens;
	}

	/**
	 * Sets a new password once the current one is proven; the caller's other sessions
	 * end, and so do the addresses the limits know for the account. A wrong current
	 * password counts as a failed login.
	 */
	void changePassword(Caller caller, String currentPassword, String newPassword, LoginClient client) {
		CredentialLookup lookup = this.users.findCredentials(caller.userId());
		LoginAttempt attempt = this.limiter.admitLogin(limitedAccount(lookup), client.address());
		if (check(attempt, lookup.credentials(), currentPassword).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The current password is wrong");
		}
		this.limiter.loginSucceeded(attempt);
		// hashed before the transaction: no pool connection waits on bcrypt
		String newHash = this.hashing.run(() -> this.passwordEncoder.encode(newPassword));
		this.sessions.changePassword(caller, newHash);
		this.limiter.forgetKnownAddresses(attempt);
	}

	/**
	 * Whom the per-account limits count: the account, however it was named, else the name
	 * as the lookup normalised it (an unknown name counts alike, revealing nothing).
	 */
	private static String limitedAccount(CredentialLookup lookup) {
		return lookup.credentials()
			.map(credentials -> limitedAccount(credentials.userId()))
			.orElseGet(() -> "name:" + lookup.normalizedName());
	}

	/** Whom the per-account limits count for an account. */
	static String limitedAccount(String userId) {
		return "user:" + userId;
	}

	/**
	 * The credentials when the password is the user's. The limits are checked right
	 * before bcrypt and a failure counted right after, on the hashing thread, so a burst
	 * passes a limit by no more than the passwords being hashed at that moment.
	 */
	private Optional<UserCredentials> check(LoginAttempt attempt, Optional<UserCredentials> credentials,
			String password) {
		String hash = credentials.map(UserCredentials::passwordHash).orElseGet(this.unknownUserHash);
		boolean matched = this.hashing.run(() -> {
			this.limiter.checkLogin(attempt);
			boolean matches = this.passwordEncoder.matches(password, hash);
			if (!matches) {
				this.limiter.loginFailed(attempt);
			}
			return matches;
		});
		return matched ? credentials : Optional.empty();
	}

}
