package dev.postsapi.auth;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.security.Caller;
import dev.postsapi.security.PasswordHashing;
import dev.postsapi.user.UserService;
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

	/** What an unknown username is compared with, so it costs a wrong password's time. */
	private final Supplier<String> unknownUserHash;

	LoginService(UserService users, PasswordEncoder passwordEncoder, PasswordHashing hashing, AttemptLimiter limiter,
			SessionService sessions) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
		this.sessions = sessions;
		this.unknownUserHash = SingletonSupplier
			.of(() -> hashing.run(() -> passwordEncoder.encode(UUID.randomUUID().toString())));
	}

	/** Opens a session for the user_id or e-mail; one 401 for every failure. */
	TokenResponse login(String username, String password, LoginClient client) {
		LoginAttempt attempt = this.limiter.admitLogin(username, client.address());
		String userId = check(attempt, username, password).orElseThrow(InvalidCredentialsException::new);
		this.limiter.loginSucceeded(attempt);
		return this.sessions.open(userId, client);
	}

	/**
	 * Sets a new password once the current one is proven; the caller's other sessions
	 * end. A wrong current password counts as a failed login.
	 */
	void changePassword(Caller caller, String currentPassword, String newPassword, LoginClient client) {
		LoginAttempt attempt = this.limiter.admitLogin(caller.userId(), client.address());
		if (check(attempt, caller.userId(), currentPassword).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The current password is wrong");
		}
		this.limiter.loginSucceeded(attempt);
		this.sessions.changePassword(caller, this.hashing.run(() -> this.passwordEncoder.encode(newPassword)));
	}

	/**
	 * The user_id when the password is the user's. The limits are checked right before
	 * bcrypt and a failure counted right after, on the hashing thread, so a burst passes
	 * a limit by no more than the passwords being hashed at that moment.
	 */
	private Optional<String> check(LoginAttempt attempt, String username, String password) {
		Optional<UserCredentials> credentials = this.users.findCredentials(username);
		String hash = credentials.map(UserCredentials::passwordHash).orElseGet(this.unknownUserHash);
		boolean matched = this.hashing.run(() -> {
			this.limiter.checkLogin(attempt);
			boolean matches = this.passwordEncoder.matches(password, hash);
			if (!matches) {
				this.limiter.loginFailed(attempt);
			}
			return matches;
		});
		return matched ? credentials.map(UserCredentials::userId) : Optional.empty();
	}

}
