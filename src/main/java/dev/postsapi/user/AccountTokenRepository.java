package dev.postsapi.user;

import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/** One-time tokens by their hash; lifetimes come as ISO-8601 durations. */
interface AccountTokenRepository extends Repository<AccountToken, byte[]> {

	/**
	 * Of this purpose, unused, unexpired, and a reset token only while its account is not
	 * disabled (an admin's freeze, which a mailbox must not undo) and its credential
	 * version has not moved since it was issued: a change voids the unused ones, but not
	 * one whose insert it could not see yet. (None: inserted by the previous version
	 * during a rolling upgrade.) And a reset token only while no newer one was mailed: a
	 * newer token being mailed, or one whose mail will never go out, voids nothing yet.
	 */
	String USABLE = """
			purpose = :purpose and used_at is null and expires_at > now()
			and (purpose <> 'password_reset' or (exists (select 1 from users u where u.user_id = t.user_id
			     and not u.disabled and (t.credential_version is null or t.credential_version = u.credential_version))
			  and not exists (select 1 from account_tokens n where n.user_id = t.user_id
			     and n.purpose = 'password_reset' and n.superseding and n.created_at > t.created_at)))""";

	/**
	 * Inserts the token while the account still has the address it is mailed to: 0 when
	 * the account was deleted, its user_id perhaps taken by a new one, since it was read.
	 * The row is locked as the foreign key would lock it, so a deletion committing while
	 * this runs leaves it nothing to insert rather than a new account of the same
	 * user_id. It carries the account's credential version, which a reset token needs
	 * unchanged. No reset token for a disabled account.
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			insert into account_tokens (token_hash, user_id, purpose, expires_at, credential_version, superseding)
			select :hash, user_id, :purpose, now() + cast(:lifetime as interval), credential_version, false from users
			where user_id = :userId and email = :email and (:purpose <> 'password_reset' or not disabled)
			for key share""")
	int insert(byte[] hash, String userId, String email, String purpose, String lifetime);

	@Modifying
	@Query(nativeQuery = true, value = "delete from account_tokens where user_id = :userId")
	void deleteAll(String userId);

	/**
	 * 1 while the token is the account's and the account has the address, the account's
	 * row then held as the foreign key holds it (a deletion waits for the caller's
	 * transaction); else 0.
	 */
	@Query(nativeQuery = true, value = """
			select count(*) from (select 1 from account_tokens t join users u on u.user_id = t.user_id
			  where t.token_hash = :hash and u.email = :email for key share of u) held""")
	int holdForMail(byte[] hash, String email);

	/** A token whose mail was sent: older reset links stop working. */
	@Modifying
	@Query(nativeQuery = true, value = "update account_tokens set superseding = true where token_hash = :hash")
	void supersede(byte[] hash);

	/**
	 * A token whose mail failed, unless used: an SMTP server that took the mail and then
	 * failed the send delivered it, and the use stays on record.
	 */
	@Modifying
	@Query(nativeQuery = true, value = "delete from account_tokens where token_hash = :hash and used_at is null")
	void withdraw(byte[] hash);

	@Modifying
	@Query(nativeQuery = true,
			value = "delete from account_tokens where user_id = :userId and purpose = :purpose and used_at is null")
	void deleteUnused(String userId, String purpose);

	@Query(nativeQuery = true, value = "select user_id from account_tokens t where token_hash = :hash and " + USABLE)
	Optional<String> findUsable(byte[] hash, String purpose);

	/** Marks a usable token used and names its account: of two racing, one wins. */
	@Query(nativeQuery = true, value = "update account_tokens t set used_at = now() where token_hash = :hash and "
			+ USABLE + " returning user_id")
	Optional<String> use(byte[] hash, String purpose);

	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from account_tokens where token_hash = any(array(
			  select token_hash from account_tokens where expires_at < now() limit :batch for update skip locked))""")
	int deleteExpired(int batch);

}
