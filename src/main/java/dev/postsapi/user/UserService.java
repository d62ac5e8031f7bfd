package dev.postsapi.user;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.postsapi.events.SecurityEvent;
import dev.postsapi.events.SecurityEventType;
import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.ClientAddress;
import dev.postsapi.security.Caller;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Role;
import dev.postsapi.security.SecurityConfiguration;
import dev.postsapi.security.SessionEndedException;
import dev.postsapi.user.UserRepository.AccountRow;
import dev.postsapi.security.PasswordHashing;
import org.hibernate.exception.ConstraintViolationException;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jpa.repository.query.EscapeCharacter;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.server.ResponseStatusException;

@Service
public class UserService {

	private static final Logger log = LoggerFactory.getLogger(UserService.class);

	private final UserRepository users;

	private final CredentialQueries credentials;

	private final PasswordEncoder passwordEncoder;

	private final PasswordHashing hashing;

	private final AttemptLimiter limiter;

	private final ApplicationEventPublisher events;

	private final TransactionOperations transactions;

	private final LiveSessions liveSessions;

	private final OneTimeTokens oneTimeTokens;

	private final Validator validator;

	UserService(UserRepository users, CredentialQueries credentials, PasswordEncoder passwordEncoder,
			PasswordHashing hashing, AttemptLimiter limiter, ApplicationEventPublisher events,
			TransactionOperations transactions, LiveSessions liveSessions, OneTimeTokens oneTimeTokens,
			Validator validator) {
		this.validator = validator;
		this.transactions = transactions;
		this.liveSessions = liveSessions;
		this.oneTimeTokens = oneTimeTokens;
		this.users = users;
		this.credentials = credentials;
		this.passwordEncoder = passwordEncoder;
		this.hashing = hashing;
		this.limiter = limiter;
		this.events = events;
	}

	/**
	 * The constraints pick one of two racing registrations (of one user_id in two cases,
	 * the lock); bcrypt runs first.
	 */
	public UserProfile register(RegisterUserRequest request, @Nullable String clientAddress) {
		// counted before hashing, taken or not: probing which names are taken is an abuse
		this.limiter.admitRegistration(clientAddress);
		String hash = this.hashing.run(ClientAddress.group(clientAddress),
				() -> this.passwordEncoder.encode(request.password()));
		try {
			// the verification mail is asked for in the transaction that registers
			return this.transactions.execute(status -> {
				if (holdUserIdIgnoringCase(request.userId())) {
					throw userIdTaken(request.userId());
				}
				// the original took any text as user_id and e-mail, so an adopted account
				// may log in by a name a new one would take (CredentialQueries.find)
				// (the same answers as a taken name's: they tell nothing more)
				if (this.users.existsEmailIgnoringCase(request.userId())) {
					throw userIdTaken(request.userId());
				}
				if (this.users.existsUserIdIgnoringCase(request.email())) {
					throw emailTaken();
				}
				UserProfile user = this.users.saveAndFlush(User.newUser(request.userId(), request.email(), hash))
					.toProfile();
				// counted as a request is (a deleted account's day was forgotten with it)
				if (this.limiter.admitOwnerMail(EmailVerificationService.MAIL_KIND, user.userId(), user.email())) {
					this.events.publishEvent(VerificationMailRequested.of(user.userId()));
				}
				return user;
			});
		}
		catch (DataIntegrityViolationException ex) {
			boolean userIdTaken = ex.getCause() instanceof ConstraintViolationException violation
					&& "users_pkey".equals(violation.getConstraintName());
			throw userIdTaken ? userIdTaken(request.userId()) : emailTaken();
		}
	}

	/**
	 * Whether an account has {@code userId} in any case; none can take it until the
	 * transaction ends.
	 */
	private boolean holdUserIdIgnoringCase(String userId) {
		this.users.lockUserIdIgnoringCase(userId);
		return this.users.existsUserIdIgnoringCase(userId);
	}

	private static ResponseStatusException emailTaken() {
		return new ResponseStatusException(HttpStatus.CONFLICT, "email is already registered");
	}

	/** Taken, perhaps in another case. */
	private static ResponseStatusException userIdTaken(String userId) {
		return new ResponseStatusException(HttpStatus.CONFLICT,
				"user_id '" + userId + "' is already taken (user_ids are unique ignoring case)");
	}

	/**
	 * Makes {@code userId} an admin while no enabled admin exists: the account is
	 * promoted, or made from the e-mail and password. Instances take turns, so of several
	 * starting together one makes the admin.
	 */
	public void bootstrapAdmin(String userId, @Nullable String email, @Nullable String password) {
		if (this.users.anyAdmin()) {
			return;
		}
		if (!userId.matches(RegisterUserRequest.USER_ID_PATTERN)) {
			throw new IllegalStateException(
					"AUTH_BOOTSTRAP_ADMIN_USER_ID must be 3 to 32 characters of A-Z a-z 0-9 _ . -");
		}
		if (password != null && !new Password.Utf8Bytes().isValid(password, null)) {
			throw new IllegalStateException("AUTH_BOOTSTRAP_ADMIN_PASSWORD must be 8 to 72 bytes in UTF-8");
		}
		// registration's rules: the admin's mails would fail at every send otherwise
		if (email != null && !this.validator.validateValue(RegisterUserRequest.class, "email", email).isEmpty()) {
			throw new IllegalStateException("AUTH_BOOTSTRAP_ADMIN_EMAIL must be a valid e-mail address");
		}
		// hashed before the transaction, so no connection waits on bcrypt
		String hash = (email != null && password != null)
				? this.hashing.run(() -> this.passwordEncoder.encode(password)) : null;
		this.transactions.executeWithoutResult((status) -> {
			this.users.lockBootstrap();
			if (this.users.anyAdmin()) {
				return;
			}
			if (this.users.promoteToAdmin(userId) == 1) {
				log.info("Bootstrap admin: the existing user {} is now an admin", userId);
				return;
			}
			if (holdUserIdIgnoringCase(userId)) {
				// made beside it, the admin would have a twin passing for it
				log.error("Bootstrap admin: an account whose user_id is {} in another case exists; no admin "
						+ "was made. Choose another AUTH_BOOTSTRAP_ADMIN_USER_ID", userId);
			}
			else if (hash != null && email != null) {
				this.users.saveAndFlush(User.newUser(userId, email, hash));
				this.users.promoteToAdmin(userId);
				// the operator vouches for the address
				this.users.markEmailVerified(userId);
				log.info("Bootstrap admin: made the admin {}", userId);
			}
			else {
				log.warn("Bootstrap admin: there is no user {} to promote; set AUTH_BOOTSTRAP_ADMIN_EMAIL and "
						+ "AUTH_BOOTSTRAP_ADMIN_PASSWORD to make it", userId);
			}
		});
	}

	/** The profile of the user, if the account still exists. */
	public Optional<UserProfile> findProfile(String userId) {
		return this.users.findAccount(userId)
			.map(row -> new UserProfile(row.getUserId(), row.getEmail(), row.getCreatedAt(), Role.values(roles(row)),
					row.getEmailVerified()));
	}

	/**
	 * A page of accounts, oldest first; {@code search} in user_id or e-mail, any case.
	 */
	public List<UserAccount> listAccounts(int limit, int offset, @Nullable String search) {
		String pattern = (search == null || search.isEmpty()) ? "" : "%" + EscapeCharacter.DEFAULT.escape(search) + "%";
		return this.users.listAccounts(pattern, limit, offset).stream().map(UserService::account).toList();
	}

	/**
	 * An admin's change to an account. Disabling it or taking a role away ends its
	 * sessions and its password checks in flight at once; disabling it also voids its
	 * mailed links (reset and verification). No admin can restrict themself, and changes
	 * are made one at a time by admins still in office, so two admins racing cannot
	 * restrict the last.
	 */
	@Transactional
	public UserAccount changeAccount(Caller admin, String userId, @Nullable Boolean disabled,
			@Nullable List<String> roleNames) {
		this.users.lockAccountChanges();
		requireAdmin(admin);
		String adminId = admin.userId();
		if (Boolean.TRUE.equals(disabled)) {
			// its mailed links, before the account, in the order a password change takes
			// them: a reset using one either ends first or finds it gone
			this.oneTimeTokens.voidAll(userId);
		}
		AccountRow current = this.users.lockAccount(userId).orElseThrow(() -> accountNotFound(userId));
		List<Role> currentRoles = roles(current.getStoredRoles());
		List<Role> newRoles = (roleNames != null) ? Role.fromStored(String.join(",", roleNames)) : currentRoles;
		boolean newDisabled = (disabled != null) ? disabled : current.getDisabled();
		boolean restricted = (newDisabled && !current.getDisabled()) || !newRoles.containsAll(currentRoles);
		if (restricted && currentRoles.contains(Role.ADMIN)) {
			if (userId.equals(adminId)) {
				throw new ResponseStatusException(HttpStatus.CONFLICT,
						"Admins cannot disable or demote themselves; another admin can");
			}
			if (this.users.otherEnabledAdmins(userId).isEmpty()) {
				throw new ResponseStatusException(HttpStatus.CONFLICT, "The last admin cannot be disabled or demoted");
			}
		}
		String storedRoles = newRoles.stream()
			.filter(role -> role != Role.USER)
			.map(Role::value)
			.collect(Collectors.joining(","));
		this.users.updateAccount(userId, newDisabled, storedRoles, restricted);
		if (newDisabled != current.getDisabled()) {
			this.events.publishEvent(new SecurityEvent(userId,
					newDisabled ? SecurityEventType.ACCOUNT_DISABLED : SecurityEventType.ACCOUNT_ENABLED, null));
		}
		if (!newRoles.equals(currentRoles)) {
			this.events.publishEvent(new SecurityEvent(userId, SecurityEventType.ROLES_CHANGED, null));
		}
		// after them: the sessions it ends are recorded after what ended them
		if (restricted) {
			this.events.publishEvent(new AccountRestricted(userId));
		}
		if (newDisabled != current.getDisabled() || !newRoles.equals(currentRoles)) {
			// the account's events do not name the admin; the log does
			logOnCommit("Admin {} changed the account {}: disabled {}, roles {}", adminId, userId, newDisabled,
					Role.values(newRoles));
		}
		return new UserAccount(current.getUserId(), current.getEmail(), current.getCreatedAt(), Role.values(newRoles),
				newDisabled, current.getEmailVerified());
	}

	/**
	 * Deletes the account with its sessions, posts, votes and the votes on its posts; an
	 * admin's own account only through {@code DELETE /users/me}. One at a time with the
	 * changes, by an admin still in office: of two admins deleting each other, or one
	 * disabling the other, one is refused, and an admin always remains.
	 */
	@Transactional
	public void deleteAccountAsAdmin(Caller admin, String userId) {
		if (userId.equals(admin.userId())) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Admins delete their own account with DELETE /users/me");
		}
		this.users.lockAccountChanges();
		requireAdmin(admin);
		// its mailed tokens before the account, in the order a password change takes them
		this.oneTimeTokens.voidAll(userId);
		// the account's row before its votes, as the owner's own deletion takes them
		if (!holdAccount(userId)) {
			throw accountNotFound(userId);
		}
		deleteAccount(userId);
		// its events go with it; the log keeps who deleted it
		logOnCommit("Admin {} deleted the account {}", admin.userId(), userId);
	}

	/** A line for the log once the transaction commits: none for a change rolled back. */
	private static void logOnCommit(String format, Object... arguments) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				log.info(format, arguments);
			}

		});
	}

	/**
	 * Taken first by the caller's own deletion, as by the admins' changes: of two admins
	 * deleting their own accounts at once, the second sees the first gone.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void holdAccountChanges() {
		this.users.lockAccountChanges();
	}

	/**
	 * Deletes the user's own account, once its password has been proven, but not the last
	 * enabled admin's (409): an admin always remains, and with none the next start would
	 * promote whoever registered the bootstrap admin's user_id. The caller holds
	 * {@link #holdAccountChanges}.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void deleteOwnAccount(String userId) {
		if (this.users.isLastEnabledAdmin(userId)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"The last admin cannot delete their account; make another admin first");
		}
		deleteAccount(userId);
		// its events go with it; the log keeps that it was deleted, and by whom
		logOnCommit("The account {} was deleted by its owner", userId);
	}

	/**
	 * What the limits hold on it, the account's row for its deletion, its posts, its
	 * votes, then the account; the caller holds the account's row (no key update). The
	 * limits' rows before the row's deletion lock: a reset mail being sent holds its
	 * counts, then the account's row for its token (the other order would deadlock with
	 * it).
	 */
	private void deleteAccount(String userId) {
		this.users.findMailRecipient(userId).ifPresent(account -> this.limiter.forgetAccount(userId, account.email()));
		this.users.lockAccountForDeletion(userId);
		this.users.lockPostsOfAccount(userId);
		this.users.lockVotesOfAccount(userId);
		this.users.deleteAccount(userId);
	}

	/**
	 * What login needs for {@code username} (an e-mail ignoring case or a user_id, in the
	 * order CredentialQueries.find gives): the name as normalised for the lookup, and the
	 * credentials of the account, if any.
	 */
	public CredentialLookup findCredentials(String username) {
		return this.credentials.find(username);
	}

	/**
	 * The same for the account of exactly {@code userId} (a signed-in caller proving its
	 * password): an adopted user_id with an {@code @} must not find another account's
	 * address.
	 */
	public CredentialLookup findCredentialsOf(String userId) {
		return this.credentials.findOf(userId);
	}

	/**
	 * Whether the credentials are still the version that was checked, of the same
	 * account; if so they cannot change until the caller's transaction ends (a racing
	 * change waits, then ends it).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean holdUnchanged(UserCredentials checked) {
		return this.credentials.lockIfUnchanged(checked.userId(), checked.version(), checked.passwordHash());
	}

	/**
	 * Locks the account's row, without changing it, until the transaction ends: what
	 * every change to its sessions takes first. False if there is no such account.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean holdAccount(String userId) {
		return this.users.lockAccountRow(userId).isPresent();
	}

	/**
	 * A new password: every check of the old one still in flight fails. False for a
	 * disabled account, whose password no one changes (a reset racing its disabling finds
	 * it so once the disabling commits).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean changePasswordHash(String userId, String passwordHash) {
		return this.users.updatePasswordHash(userId, passwordHash) == 1;
	}

	/**
	 * The account's address is proven: a password-reset link sent to it was used.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void markEmailVerified(String userId) {
		if (this.users.markEmailVerified(userId) == 1) {
			this.events.publishEvent(new SecurityEvent(userId, SecurityEventType.EMAIL_VERIFIED, null));
		}
	}

	/** Every check of the password still in flight fails (log out everywhere). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void retireCredentialChecks(String userId) {
		this.users.advanceCredentialVersion(userId);
	}

	/**
	 * The caller is still an enabled admin on a live session, now that no other change
	 * can come between: a request let in before its admin was demoted, disabled or
	 * deleted, or before its session ended, changes nothing (401 once the session has
	 * ended, as disabling and demoting end them, else 403).
	 */
	private void requireAdmin(Caller admin) {
		List<Role> roles = this.liveSessions.rolesIfLive(admin.sessionId(), admin.userId());
		if (roles == null) {
			throw new SessionEndedException();
		}
		if (!roles.contains(Role.ADMIN)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, SecurityConfiguration.FORBIDDEN_DETAIL);
		}
	}

	private static List<Role> roles(AccountRow row) {
		return roles(row.getStoredRoles());
	}

	private static List<Role> roles(String stored) {
		return Role.fromStored(stored);
	}

	private static UserAccount account(AccountRow row) {
		return new UserAccount(row.getUserId(), row.getEmail(), row.getCreatedAt(), Role.values(roles(row)),
				row.getDisabled(), row.getEmailVerified());
	}

	private static ResponseStatusException accountNotFound(String userId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "User " + userId + " was not found");
	}

	/** Where the account's mail goes, by the account's user_id. */
	@Transactional(readOnly = true)
	public Optional<MailRecipient> findMailRecipient(String userId) {
		return this.users.findMailRecipient(userId);
	}

	/**
	 * The account of an e-mail address, ignoring case, unless it is disabled (a reset
	 * link's recipient); its mail goes to the address as registered, never as typed.
	 */
	@Transactional(readOnly = true)
	public Optional<MailRecipient> findEnabledMailRecipientByEmail(String email) {
		return this.users.findEnabledMailRecipientByEmail(email);
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
	public record UserCredentials(String userId, String passwordHash, int version, List<Role> roles, boolean disabled,
			boolean emailVerified) {

		@Override
		public String toString() {
			return "UserCredentials[userId=" + this.userId + "]";
		}

	}

}
