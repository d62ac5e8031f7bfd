package dev.postsapi.auth;

import java.sql.Types;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statements that open a session (the refresh token's insert serves refresh too), in
 * plain JDBC like the other hot paths: no repository proxy around them, and they join the
 * session's transaction (BENCHMARKS.md, "Round ten"). Every time is the database's
 * {@code now()}; durations are ISO-8601 strings PostgreSQL reads; nullable values are
 * bound typed, so no statement needs describing first.
 */
@Component
class SessionStatements {

	private final JdbcClient jdbc;

	SessionStatements(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	UUID createSession(String userId, String lifetime, @Nullable String address, @Nullable String userAgent) {
		return this.jdbc.sql("""
				insert into sessions (user_id, expires_at, client_address, user_agent)
				values (:userId, now() + cast(:lifetime as interval), :address, :userAgent)
				returning session_id""")
			.param("userId", userId)
			.param("lifetime", lifetime)
			.param("address", new SqlParameterValue(Types.VARCHAR, address))
			.param("userAgent", new SqlParameterValue(Types.VARCHAR, userAgent))
			.query(UUID.class)
			.single();
	}

	/** Ends the user's live sessions but the newest {@code keep}; the ended ones. */
	List<UUID> revokeAllButNewest(String userId, int keep) {
		return this.jdbc.sql("""
				update sessions set revoked_at = now() where session_id = any(array(
				  select session_id from sessions where user_id = :userId and revoked_at is null and expires_at > now()
				  order by created_at desc, session_id offset :keep))
				returning session_id""").param("userId", userId).param("keep", keep).query(UUID.class).list();
	}

	/** A refresh token's hash; it expires after {@code ttl} or with its session. */
	void insertRefreshToken(byte[] hash, UUID sessionId, byte @Nullable [] parent, String ttl) {
		this.jdbc.sql("""
				insert into refresh_tokens (token_hash, session_id, parent_hash, expires_at)
				select :hash, s.session_id, :parent, least(now() + cast(:ttl as interval), s.expires_at)
				from sessions s where s.session_id = :sessionId
				on conflict (token_hash) do nothing""")
			.param("hash", hash)
			.param("sessionId", sessionId)
			.param("parent", new SqlParameterValue(Types.BINARY, parent))
			.param("ttl", ttl)
			.update();
	}

}
