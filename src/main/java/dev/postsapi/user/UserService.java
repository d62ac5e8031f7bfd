package dev.postsapi.user;

import java.util.Optional;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.security.PasswordHashing;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

@Service
public class UserService {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final AttemptLimiter limiter;

	UserService(UserRepository users, PasswordEncoder passwordEncoder, PasswordHashing hashing,
			AttemptLimiter limiter) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
	}

	/** The constraints pick one of two racing registrations; bcrypt runs first. */
	public UserProfile register(RegisterUserRequest request, @Nullable String clientAddress) {
		// counted before hashing, taken or not: probing which names are taken is an abuse
		this.limiter.admitRegistration(clientAddress);
		String hash = this.hashing.run(() -> this.passwordEncoder.encode(request.password()));
		try {
			return this.users.saveAndFlush(User.newUser(request.userId(), request.email(), hash)).toProfile();
		}
		catch (DataIntegrityViolationException ex) {
			boolean userIdTaken = ex.getCause() instanceof ConstraintViolationException violation
					&& "users_pkey".equals(violation.getConstraintName());
			throw new ResponseStatusException(HttpStatus.CONFLICT, userIdTaken
					? "user_id '" + request.userId() + "' is already taken" : "email is already registered");
		}
	}

	/** The profile of the user, if the account still exists. */
	@Transactional(readOnly = true)
	public Optional<UserProfile> findProfile(String userId) {
		return this.users.findById(userId).map(User::toProfile);
	}

	/**
	 * The credentials of the account {@code username} names: a user_id, else an e-mail.
	 */
	@Transactional(readOnly = true)
	public Optional<UserCredentials> findCredentials(String username) {
		return this.users.findById(username)
			.or(() -> this.users.findByEmailIgnoringCase(username))
			.map(User::toCredentials);
	}

	/** Joins the caller's transaction, so what a password change ends ends with it. */
	@Transactional
	public void changePasswordHash(String userId, String passwordHash) {
		this.users.updatePasswordHash(userId, passwordHash);
	}

	/** What login needs to check a password; never leaves the server. */
	public record UserCredentials(String userId, String passwordHash) {

		@Override
		public String toString() {
			return "UserCredentials[userId=" + this.userId + "]";
		}

	}

}
