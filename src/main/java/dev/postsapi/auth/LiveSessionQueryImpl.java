package dev.postsapi.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

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
	public @Nullable String storedRolesIfLive(UUID sessionId, String userId) {
		return this.jdbc.sql("""
				select array_to_string(u.roles, ',') from sessions s join users u on u.user_id = s.user_id
				where s.session_id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now()
				  and not u.disabled""").params(sessionId, userId).query(String.class).optional().orElse(null);
	}

}
