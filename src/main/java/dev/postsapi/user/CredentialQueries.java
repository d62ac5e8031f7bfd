package dev.postsapi.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import dev.postsapi.security.Role;
import dev.postsapi.user.UserService.CredentialLookup;
import dev.postsapi.user.UserService.UserCredentials;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Login's two statements on {@code users}, in plain JDBC like the other hot paths: no
 * repository proxy around them, and the lock joins the session's transaction
 * (BENCHMARKS.md, "Round ten").
 */
@Component
class CredentialQueries {

	private final JdbcClient jdbc;

	CredentialQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The account a typed name resolves to and the name as that lookup normalised it. A
	 * name with an {@code @} is an e-mail first (by the {@code lower(email)} unique
	 * index), as the original's login read every name, else a user_id; any other name is
	 * a user_id first. New user_ids have no {@code @} and new addresses have one, but the
	 * original took any text for either: so an adopted user_id cannot take the logins
	 * typed with another account's address.
	 */
	CredentialLookup find(String username) {
		return this.jdbc.sql("""
				select n.name, u.user_id, u.password, u.credential_version, array_to_string(u.roles, ',') as roles,
				  u.disabled, u.email_verified
				from (select strpos(:username, '@') > 0 as email_first,
				  case when strpos(:username, '@') > 0 then lower(:username) else :username end as name) n
				left join lateral (
				  select *, case when n.email_first then 1 else 0 end as preference from users where user_id = :username
				  union all
				  select *, case when n.email_first then 0 else 1 end from users where lower(email) = lower(:username)
				  order by preference limit 1) u on true""")
			.param("username", username)
			.query(CredentialQueries::lookup)
			.single();
	}

	/** The account of exactly {@code userId}, under that name. */
	CredentialLookup findOf(String userId) {
		return this.jdbc.sql("""
				select user_id as name, user_id, password, credential_version, array_to_string(roles, ',') as roles,
				  disabled, email_verified
				from users where user_id = :userId""")
			.param("userId", userId)
			.query(CredentialQueries::lookup)
			.optional()
			.orElseGet(() -> new CredentialLookup(userId, Optional.empty()));
	}

	/**
	 * Locks the row until the transaction ends, if its credentials are unchanged: a
	 * password change waits, and so does another login's session step. The hash, salted,
	 * tells the checked account from a later one of the same user_id, whose version
	 * starts at 0 too.
	 */
	boolean lockIfUnchanged(String userId, int version, String passwordHash) {
		return this.jdbc.sql("""
				select user_id from users
				where user_id = :userId and credential_version = :version and password = :passwordHash
				for no key update""")
			.param("userId", userId)
			.param("version", version)
			.param("passwordHash", passwordHash)
			.query(String.class)
			.optional()
			.isPresent();
	}

	private static CredentialLookup lookup(ResultSet row, int rowNumber) throws SQLException {
		String userId = row.getString("user_id");
		return new CredentialLookup(row.getString("name"),
				(userId != null) ? Optional.of(new UserCredentials(userId, row.getString("password"),
						row.getInt("credential_version"), Role.fromStored(row.getString("roles")),
						row.getBoolean("disabled"), row.getBoolean("email_verified"))) : Optional.empty());
	}

}
