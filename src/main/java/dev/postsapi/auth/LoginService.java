package dev.postsapi.auth;

import java.util.UUID;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.security.PasswordHashing;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Service;

/**
 * Everything that checks a password: login, and the proof a password change asks for.
 * Each check is counted against the brute-force limits before the password is hashed.
 */
@Service
class LoginService {

	private final AuthenticationManager authenticationManager;

	private final SessionService sessions;

	private final AttemptLimiter limiter;

	LoginService(AuthenticationManager authenticationManager, SessionService sessions, AttemptLimiter limiter) {
		this.authenticationManager = authenticationManager;
		this.sessions = sessions;
		this.limiter = limiter;
	}

	/**
	 * Opens a session for the user that {@code username} (a user_id or an e-mail) names.
	 * @throws InvalidCredentialsException on a wrong password or an unknown username
	 * alike
	 * @throws org.springframework.web.ErrorResponseException 429 past a limit, whatever
	 * the password
	 */
	TokenResponse login(String username, String password, LoginClient client) {
		LoginAttempt attempt = this.limiter.admitLogin(username, client.address());
		String userId = authenticate(attempt, username, password);
		if (userId == null) {
			throw new InvalidCredentialsException();
		}
		this.limiter.loginSucceeded(attempt);
		return this.sessions.open(userId, client);
	}

	/**
	 * Sets a new password once the current one is proven; every other session of the user
	 * ends, the caller's lives on. A wrong current password counts as a failed login.
	 * @throws WrongPasswordException when {@code currentPassword} is not the user's
	 */
	void changePassword(String userId, UUID sessionId, String currentPassword, String newPassword, LoginClient client) {
		LoginAttempt attempt = this.limiter.admitLogin(userId, client.address());
		if (authenticate(attempt, userId, currentPassword) == null) {
			throw new WrongPasswordException();
		}
		this.limiter.loginSucceeded(attempt);
		this.sessions.changePassword(userId, sessionId, newPassword);
	}

	/**
	 * The user_id, or null when the password is wrong or the user unknown. Spring
	 * Security's {@code DaoAuthenticationProvider} hashes a dummy password for unknown
	 * users, so both failures take about as long. The limits are checked once more on the
	 * hashing thread, right before the hash. Runs outside any transaction: bcrypt's tenth
	 * of a second holds no database connection.
	 */
	private @Nullable String authenticate(LoginAttempt attempt, String username, String password) {
		try {
			return PasswordHashing.checked(new LimitChecks(attempt),
					() -> this.authenticationManager
						.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password))
						.getName());
		}
		catch (AuthenticationException ex) {
			return null;
		}
	}

	/** The brute-force limits around a password comparison. */
	private final class LimitChecks implements PasswordHashing.Checks {

		private final LoginAttempt attempt;

		LimitChecks(LoginAttempt attempt) {
			this.attempt = attempt;
		}

		@Override
		public void beforeComparing() {
			LoginService.this.limiter.checkLogin(this.attempt);
		}

		@Override
		public void afterComparing(boolean matched) {
			if (!matched) {
				LoginService.this.limiter.loginFailed(this.attempt);
			}
		}

	}

}
