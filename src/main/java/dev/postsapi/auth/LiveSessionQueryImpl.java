package dev.postsapi.auth;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link SessionRepository}'s answer to the per-request session check, in plain JDBC: no
 * transaction and no persistence context around the one statement every request sends.
 */
class LiveSessionQueryImpl implements LiveSessionQuery {

	private final JdbcClient jdbc;

	LiveSessionQueryImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public boolean isLive(UUID sessionId, String userId) {
		return this.jdbc.sql("""
				select exists (select 1 from sessions where session_id = ? and user_id = ?
				  and revoked_at is null and expires_at > now())""")
			.params(sessionId, userId)
			.query(Boolean.class)
			.single();
	}

}
