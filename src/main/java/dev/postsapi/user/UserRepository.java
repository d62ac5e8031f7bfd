package dev.postsapi.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, String> {

	/** An account as the API shows it; roles beyond {@code user} comma-separated. */
	String ACCOUNT = """
			user_id as userid, email, created_at as createdat, array_to_string(roles, ',') as storedroles,
			  disabled, email_verified as emailverified """;

	@Modifying
	@Query(nativeQuery = true, value = """
			update users set password = :passwordHash, credential_version = credential_version + 1
			where user_id = :userId and not disabled""")
	int updatePasswordHash(String userId, String passwordHash);

	@Modifying
	@Query(nativeQuery = true,
			value = "update users set credential_version = credential_version + 1 where user_id = :userId")
	int advanceCredentialVersion(String userId);

	@Query(nativeQuery = true, value = "select " + ACCOUNT + " from users where user_id = :userId")
	Optional<AccountRow> findAccount(String userId);

	/**
	 * The account, its row locked until the transaction ends: against other changes, not
	 * against a token being made for it (an admin's change waits for no mail being sent).
	 */
	@Query(nativeQuery = true, value = "select " + ACCOUNT + " from users where user_id = :userId for no key update")
	Optional<AccountRow> lockAccount(String userId);

	/** Locks the account's row, without updating it, until the transaction ends. */
	@Query(nativeQuery = true, value = "select user_id from users where user_id = :userId for no key update")
	Optional<String> lockAccountRow(String userId);

	/** Oldest first, so pages stay put while accounts are added. */
	@Query(nativeQuery = true, value = "select " + ACCOUNT + """
			 from users
			where :pattern = '' or lower(user_id) like lower(:pattern) escape '\\'
			  or lower(email) like lower(:pattern) escape '\\'
			order by created_at, user_id limit :limit offset :offset""")
	List<AccountRow> listAccounts(String pattern, int limit, int offset);

	/** The other enabled admins. */
	@Query(nativeQuery = true,
			value = "select user_id from users where 'admin' = any(roles) and not disabled and user_id <> :userId")
	List<String> otherEnabledAdmins(String userId);

	/**
	 * The account's new state; a restriction also fails every password check in flight.
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			update users set disabled = :disabled, roles = string_to_array(:storedRoles, ',')::varchar(16)[],
			  credential_version = credential_version + case when :restricted then 1 else 0 end
			where user_id = :userId""")
	int updateAccount(String userId, boolean disabled, String storedRoles, boolean restricted);

	/**
	 * Locks the account's row as its deletion will, before its posts: a vote by the
	 * account's owner holds the row (its foreign key, a key share) while it waits for the
	 * post it votes on, which {@link #lockPostsOfAccount} holds; taken at the delete, the
	 * row would wait for the vote, a deadlock. The vote waits here instead, and then
	 * finds the account gone.
	 */
	@Query(nativeQuery = true,
			value = "select count(*) from (select 1 from users where user_id = :userId for update) u")
	long lockAccountForDeletion(String userId);

	/**
	 * Locks the account's posts, before anything its deletion removes below them: a
	 * deletion of one of them, which takes the post and then its votes, would otherwise
	 * wait for the votes {@link #lockVotesOfAccount} holds while holding the post this
	 * deletion's cascade needs, a deadlock. A vote on them waits too (its foreign key).
	 */
	@Query(nativeQuery = true, value = """
			select count(*) from (select 1 from posts where user_id = :userId order by post_id for update) p""")
	long lockPostsOfAccount(String userId);

	/**
	 * Locks the votes a deletion of the account removes (its own and those on its posts)
	 * in one order, {@link #lockPostsOfAccount} first, as a post's deletion takes a post
	 * and then its votes (docs/lock-order.md, step 6). Two deletions do not race: each
	 * holds the account-changes lock. The posts as an array, not a subquery: each side of
	 * the {@code or} then reads its own index (0.3 ms at a million votes), where a
	 * subquery had every vote read (145 ms, a minute at twenty million; BENCHMARKS.md,
	 * "The database at scale").
	 */
	@Query(nativeQuery = true, value = """
			select count(*) from (select 1 from votes
			  where user_id = :userId or post_id = any(array(select post_id from posts where user_id = :userId))
			  order by post_id, user_id for update) v""")
	long lockVotesOfAccount(String userId);

	/**
	 * The account and, by the foreign keys, its sessions, posts, votes and the votes on
	 * its posts; {@link #lockPostsOfAccount} and {@link #lockVotesOfAccount} first.
	 */
	@Modifying
	@Query(nativeQuery = true, value = "delete from users where user_id = :userId")
	void deleteAccount(String userId);

	/** Whether the account is the one enabled admin. */
	@Query(nativeQuery = true, value = """
			select count(*) = 1 and bool_or(user_id = :userId) from users
			where 'admin' = any(roles) and not disabled""")
	boolean isLastEnabledAdmin(String userId);

	/** Whether any enabled account is an admin. */
	@Query(nativeQuery = true,
			value = "select exists (select 1 from users where 'admin' = any(roles) and not disabled)")
	boolean anyAdmin();

	/**
	 * Held by one registration of a user_id, in any case, at a time until its transaction
	 * ends: of "Bob" and "bob" registering at once, the second sees the first.
	 */
	@Query(nativeQuery = true,
			value = """
					select 1 from (select pg_advisory_xact_lock(hashtext('posts-api:user-id'), hashtext(lower(:userId)))) locked""")
	int lockUserIdIgnoringCase(String userId);

	@Query(nativeQuery = true, value = "select exists (select 1 from users where lower(user_id) = lower(:userId))")
	boolean existsUserIdIgnoringCase(String userId);

	@Query(nativeQuery = true, value = "select exists (select 1 from users where lower(email) = lower(:email))")
	boolean existsEmailIgnoringCase(String email);

	/** Held by one instance at a time until the transaction ends. */
	@Query(nativeQuery = true,
			value = "select 1 from (select pg_advisory_xact_lock(hashtext('posts-api:bootstrap-admin'))) locked")
	int lockBootstrap();

	/**
	 * Held by one admin's change at a time until its transaction ends: of two admins
	 * demoting each other, the second sees the first's change (row locks taken in
	 * opposite orders would deadlock instead).
	 */
	@Query(nativeQuery = true,
			value = "select 1 from (select pg_advisory_xact_lock(hashtext('posts-api:account-changes'))) locked")
	int lockAccountChanges();

	/** Makes the account an admin (keeping its other roles); false if there is none. */
	@Modifying
	@Query(nativeQuery = true,
			value = """
					update users set roles = array_append(array_remove(roles, 'admin'), 'admin')::varchar(16)[], disabled = false
					where user_id = :userId""")
	int promoteToAdmin(String userId);

	/**
	 * The account of an e-mail address, ignoring case as login and the unique index do,
	 * unless it is disabled.
	 */
	@Query(nativeQuery = true, value = """
			select user_id as userid, email, email_verified as emailverified from users
			where lower(email) = lower(:email) and not disabled""")
	Optional<MailRecipient> findEnabledMailRecipientByEmail(String email);

	@Query(nativeQuery = true,
			value = "select user_id as userid, email, email_verified as emailverified from users where user_id = :userId")
	Optional<MailRecipient> findMailRecipient(String userId);

	/** 1 if the address was not verified before. */
	@Modifying
	@Query(nativeQuery = true,
			value = "update users set email_verified = true where user_id = :userId and not email_verified")
	int markEmailVerified(String userId);

	interface AccountRow {

		String getUserId();

		String getEmail();

		Instant getCreatedAt();

		String getStoredRoles();

		boolean getDisabled();

		boolean getEmailVerified();

	}

}
