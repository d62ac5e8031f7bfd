package dev.postsapi.user;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, String> {

	/**
	 * The account a typed name resolves to (a user_id, else an e-mail by the
	 * {@code lower(email)} unique index) and the name as that lookup normalised it.
	 */
	@Query(nativeQuery = true, value = """
			select n.name as normalizedname, u.user_id as userid, u.password as passwordhash,
			  u.credential_version as credentialversion, u.email_verified as emailverified
			from (select case when strpos(:username, '@') > 0 then lower(:username) else :username end as name) n
			left join lateral (
			  select user_id, password, credential_version, email_verified, 0 as preference from users
			  where user_id = :username
			  union all
			  select user_id, password, credential_version, email_verified, 1 from users where lower(email) = n.name
			  order by preference limit 1) u on true""")
	CredentialRow findCredentials(String username);

	/**
	 * Locks the row until the transaction ends, if its credentials are unchanged: a
	 * password change waits, and so does another login's session step.
	 */
	@Query(nativeQuery = true,
			value = "select user_id from users where user_id = :userId and credential_version = :version for no key update")
	Optional<String> lockIfUnchanged(String userId, int version);

	@Modifying
	@Query(nativeQuery = true, value = """
			update users set password = :passwordHash, credential_version = credential_version + 1
			where user_id = :userId""")
	int updatePasswordHash(String userId, String passwordHash);

	@Modifying
	@Query(nativeQuery = true,
			value = "update users set credential_version = credential_version + 1 where user_id = :userId")
	int advanceCredentialVersion(String userId);

	/**
	 * The account of an e-mail address, ignoring case as login and the unique index do.
	 */
	@Query(nativeQuery = true,
			value = """
					select user_id as userid, email, email_verified as emailverified from users where lower(email) = lower(:email)""")
	Optional<MailRecipient> findMailRecipientByEmail(String email);

	@Query(nativeQuery = true,
			value = "select user_id as userid, email, email_verified as emailverified from users where user_id = :userId")
	Optional<MailRecipient> findMailRecipient(String userId);

	/** 1 if the address was not verified before. */
	@Modifying
	@Query(nativeQuery = true,
			value = "update users set email_verified = true where user_id = :userId and not email_verified")
	int markEmailVerified(String userId);

	interface CredentialRow {

		String getNormalizedName();

		@Nullable String getUserId();

		@Nullable String getPasswordHash();

		@Nullable Integer getCredentialVersion();

		@Nullable Boolean getEmailVerified();

	}

}
