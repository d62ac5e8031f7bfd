package dev.postsapi.auth;

import java.util.List;
import java.util.UUID;

import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-request session check: one statement, no transaction, and no repository proxy
 * around it (BENCHMARKS.md, "Round four").
 */
@Component
class LiveSessionQuery implements LiveSessions {

	/** The account's roles while the session the token names is live. */
	private static final String LIVE_ROLES = """
			select array_to_string(u.roles, ',') from sessions s join users u on u.user_id = s.user_id
			where s.session_id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now()
			  and not u.disabled""";

	private final JdbcClient jdbc;

	LiveSessionQuery(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public @Nullable List<Role> rolesIfLive(UUID sessionId, String userId) {
		return roles(LIVE_ROLES, sessionId, userId);
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public @Nullable List<Role> holdRolesIfLive(UUID sessionId, String userId) {
		return roles(LIVE_ROLES + "\nfor share of u", sessionId, userId);
	}

	private @Nullable List<Role> roles(String sql, UUID sessionId, String userId) {
		String stored = this.jdbc.sql(sql).params(sessionId, userId).query(String.class).optional().orElse(null);
		return (stored != null) ? Role.fromStored(stored) : null;
	}

}
