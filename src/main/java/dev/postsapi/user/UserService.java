package dev.postsapi.user;

import java.util.Objects;
import java.util.Optional;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.security.PasswordHashing;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.server.ResponseStatusException;

@Service
public class UserService {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final AttemptLimiter limiter;

	private final TransactionOperations transactions;

	private final ApplicationEventPublisher events;

	UserService(UserRepository users, PasswordEncoder passwordEncoder, PasswordHashing hashing, AttemptLimiter limiter,
			TransactionOperations transactions, ApplicationEventPublisher events) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
		this.transactions = transactions;
		this.events = events;
	}

	/** The constraints pick one of two racing registrations; bcrypt runs first. */
	public UserProfile register(RegisterUserRequest request, @Nullable String clientAddress) {
		// counted before hashing, taken or not: probing which names are taken is an abuse
		this.limiter.admitRegistration(clientAddress);
		String hash = this.hashing.run(() -> this.passwordEncoder.encode(request.password()));
		try {
			// the verification mail is asked for in the transaction that registers
			return this.transactions.execute(status -> {
				UserProfile user = this.users.saveAndFlush(User.newUser(request.userId(), request.email(), hash))
					.toProfile();
				this.events.publishEvent(VerificationMailRequested.of(user.userId()));
				return user;
			});
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
	 * What login needs for {@code username} (a user_id, else an e-mail ignoring case):
	 * the name as normalised for the lookup, and the credentials of the account, if any.
	 */
	public CredentialLookup findCredentials(String username) {
		UserRepository.CredentialRow row = this.users.findCredentials(username);
		String userId = row.getUserId();
		return new CredentialLookup(row.getNormalizedName(), (userId != null) ? Optional
			.of(new UserCredentials(userId, Objects.requireNonNull(row.getPasswordHash()),
					Objects.requireNonNull(row.getCredentialVersion()), Boolean.TRUE.equals(row.getEmailVerified())))
				: Optional.empty());
	}

	/**
	 * Whether the credentials are still the version that was checked; if so they cannot
	 * change until the caller's transaction ends (a racing change waits, then ends it).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean holdUnchanged(UserCredentials checked) {
		return this.users.lockIfUnchanged(checked.userId(), checked.version()).isPresent();
	}

	/** A new password: every check of the old one still in flight fails. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void changePasswordHash(String userId, String passwordHash) {
		this.users.updatePasswordHash(userId, passwordHash);
	}

	/**
	 * The account's address is proven: a password-reset link sent to it was used.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void markEmailVerified(String userId) {
		if (this.users.markEmailVerified(userId) == 1) {
			this.events.publishEvent(new EmailVerified(userId));
		}
	}

	/** Every check of the password still in flight fails (log out everywhere). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void retireCredentialChecks(String userId) {
		this.users.advanceCredentialVersion(userId);
	}

	/** Where the account's mail goes, by the account's user_id. */
	@Transactional(readOnly = true)
	public Optional<MailRecipient> findMailRecipient(String userId) {
		return this.users.findMailRecipient(userId);
	}

	/**
	 * The account of an e-mail address, ignoring case; its mail goes to the address as
	 * registered, never as typed.
	 */
	@Transactional(readOnly = true)
	public Optional<MailRecipient> findMailRecipientByEmail(String email) {
		return this.users.findMailRecipientByEmail(email);
	}

	/** A login name as the lookup read it, and the account it names, if any. */
	public record CredentialLookup(String normalizedName, Optional<UserCredentials> credentials) {

		@Override
		public String toString() {
			return "CredentialLookup[" + this.credentials + "]";
		}

	}

	/**
	 * What login needs to check a password, and which version of the credentials it is;
	 * never leaves the server.
	 */
	public record UserCredentials(String userId, String passwordHash, int version, boolean emailVerified) {

		@Override
		public String toString() {
			return "UserCredentials[userId=" + this.userId + "]";
		}

	}

}
