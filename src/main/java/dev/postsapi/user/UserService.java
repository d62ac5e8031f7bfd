package dev.postsapi.user;

import java.util.Optional;

import dev.postsapi.limits.AttemptLimiter;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class UserService {

	/** The primary key of {@code users}, as the original schema names it. */
	private static final String USER_ID_CONSTRAINT = "users_pkey";

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final AttemptLimiter limiter;

	UserService(UserRepository users, PasswordEncoder passwordEncoder, AttemptLimiter limiter) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.limiter = limiter;
	}

	/**
	 * Creates an account. Uniqueness is left to the database's constraints, so of two
	 * concurrent registrations of one user_id or e-mail exactly one wins. The password is
	 * hashed before the insert's transaction opens, so bcrypt's tenth of a second holds
	 * no database connection.
	 */
	public UserProfile register(RegisterUserRequest request, @Nullable String clientAddress) {
		// counted before the password is hashed, taken or not: probing which names are
		// taken
		// is one of the abuses the limit stops
		this.limiter.admitRegistration(clientAddress);
		User user = User.newUser(request.userId(), request.email(), passwordEncoder.encode(request.password()));
		try {
			return users.saveAndFlush(user).toProfile();
		}
		catch (DataIntegrityViolationException ex) {
			throw new UserAlreadyExistsException(USER_ID_CONSTRAINT.equals(constraintName(ex))
					? "user_id '" + request.userId() + "' is already taken" : "email is already registered");
		}
	}

	/**
	 * The credentials of the account that {@code username} names: a user_id first, else
	 * an e-mail address (ignoring case), as the original's clients send either.
	 */
	@Transactional(readOnly = true)
	public Optional<UserCredentials> findCredentials(String username) {
		return users.findById(username)
			.or(() -> users.findByEmailIgnoringCase(username))
			.map(user -> new UserCredentials(user.getUserId(), user.getPasswordHash()));
	}

	/**
	 * Replaces the user's password; joins the caller's transaction, so whatever else a
	 * password change ends (sessions) ends with it or not at all.
	 */
	@Transactional
	public void changePassword(String userId, String newPassword) {
		this.users.updatePasswordHash(userId, this.passwordEncoder.encode(newPassword));
	}

	private static @Nullable String constraintName(DataIntegrityViolationException ex) {
		return (ex.getCause() instanceof ConstraintViolationException violation) ? violation.getConstraintName() : null;
	}

	/** What login needs to check a password; never leaves the server. */
	public record UserCredentials(String userId, String passwordHash) {

		@Override
		public String toString() {
			return "UserCredentials[userId=" + userId + "]";
		}

	}

}
