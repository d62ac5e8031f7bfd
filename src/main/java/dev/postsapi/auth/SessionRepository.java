package dev.postsapi.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.postsapi.user.UserProfile;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sessions and refresh tokens. Every decision that instances could race on is one
 * conditional statement ({@code update ... where used_at is null ... returning}), and
 * every time is the database's {@code now()}, so instances agree on both. Written with
 * {@link JdbcClient} because these are conditional updates returning rows, which JPA
 * entities would only wrap; inside a service's transaction they share its connection.
 */
@Repository
class SessionRepository {

	private final JdbcClient jdbc;

	SessionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Opens a session that ends {@code maxLifetime} from now, whatever refreshing does.
	 */
	UUID createSession(String userId, Duration maxLifetime, LoginClient client) {
		return this.jdbc.sql("""
				insert into sessions (user_id, expires_at, client_address, user_agent)
				values (:userId, now() + make_interval(secs => :lifetime), :address, :userAgent)
				returning session_id""")
			.param("userId", userId)
			.param("lifetime", seconds(maxLifetime))
			.param("address", client.address())
			.param("userAgent", client.userAgent())
			.query(UUID.class)
			.single();
	}

	/**
	 * Stores a refresh token's hash; it expires after {@code ttl} or with its session.
	 */
	void insertRefreshToken(byte[] hash, UUID sessionId, byte @Nullable [] parentHash, Duration ttl) {
		this.jdbc.sql("""
				insert into refresh_tokens (token_hash, session_id, parent_hash, expires_at)
				select :hash, s.session_id, :parent, least(now() + make_interval(secs => :ttl), s.expires_at)
				from sessions s where s.session_id = :sessionId""")
			.param("hash", hash)
			.param("sessionId", sessionId)
			.param("parent", parentHash)
			.param("ttl", seconds(ttl))
			.update();
	}

	/**
	 * Marks an unused, unexpired refresh token of a live session used: the one statement
	 * that decides a rotation, so of two concurrent refreshes with one token only one
	 * gets a row.
	 */
	Optional<SessionOwner> useRefreshToken(byte[] hash) {
		return this.jdbc.sql("""
				update refresh_tokens r set used_at = now()
				from sessions s
				where r.token_hash = :hash and r.used_at is null and r.expires_at > now()
				  and s.session_id = r.session_id and s.revoked_at is null and s.expires_at > now()
				returning r.session_id, s.user_id""")
			.param("hash", hash)
			.query((rs, row) -> new SessionOwner(rs.getObject("session_id", UUID.class), rs.getString("user_id")))
			.optional();
	}

	/** The live session of a refresh token that was already used, if it has one. */
	Optional<SessionOwner> findLiveSessionOfUsedToken(byte[] hash) {
		return this.jdbc.sql("""
				select r.session_id, s.user_id from refresh_tokens r join sessions s on s.session_id = r.session_id
				where r.token_hash = :hash and r.used_at is not null
				  and s.revoked_at is null and s.expires_at > now()""")
			.param("hash", hash)
			.query((rs, row) -> new SessionOwner(rs.getObject("session_id", UUID.class), rs.getString("user_id")))
			.optional();
	}

	/**
	 * Whether a used token may be exchanged again: it was used less than {@code interval}
	 * ago and none of its children has been used since, so it is the immediate parent of
	 * the session's newest tokens, never an older ancestor.
	 */
	boolean isReusable(byte[] hash, Duration interval) {
		return this.jdbc
			.sql("""
					select exists (select 1 from refresh_tokens r
					  where r.token_hash = :hash and r.used_at > now() - make_interval(secs => :interval)
					    and not exists (select 1 from refresh_tokens c where c.parent_hash = r.token_hash and c.used_at is not null))""")
			.param("hash", hash)
			.param("interval", seconds(interval))
			.query(Boolean.class)
			.single();
	}

	void markRefreshed(UUID sessionId) {
		this.jdbc.sql("update sessions set refreshed_at = now() where session_id = :sessionId")
			.param("sessionId", sessionId)
			.update();
	}

	/**
	 * Ends a session: its access tokens fail the next check, its refresh tokens can't
	 * rotate.
	 */
	void revokeSession(UUID sessionId) {
		this.jdbc.sql("update sessions set revoked_at = now() where session_id = :sessionId and revoked_at is null")
			.param("sessionId", sessionId)
			.update();
	}

	/**
	 * Ends the session of this refresh token, if it is one of the user's; else nothing.
	 */
	void revokeSessionOfRefreshToken(byte[] hash, String userId) {
		this.jdbc.sql("""
				update sessions s set revoked_at = now() from refresh_tokens r
				where r.token_hash = :hash and s.session_id = r.session_id
				  and s.user_id = :userId and s.revoked_at is null""")
			.param("hash", hash)
			.param("userId", userId)
			.update();
	}

	/** Ends every session of the user but {@code keep} (when given); returns how many. */
	int revokeSessionsOfUser(String userId, @Nullable UUID keep) {
		return this.jdbc.sql("""
				update sessions set revoked_at = now()
				where user_id = :userId and revoked_at is null and session_id is distinct from :keep""")
			.param("userId", userId)
			.param("keep", keep)
			.update();
	}

	/**
	 * The user an access token speaks for, if its session is still live: the one
	 * statement of the per-request check, so revocation costs no second round trip.
	 */
	Optional<UserProfile> findUserOfLiveSession(UUID sessionId, String userId) {
		return this.jdbc.sql("""
				select u.user_id, u.email, u.created_at from sessions s join users u on u.user_id = s.user_id
				where s.session_id = :sessionId and s.user_id = :userId
				  and s.revoked_at is null and s.expires_at > now()""")
			.param("sessionId", sessionId)
			.param("userId", userId)
			.query((rs, row) -> new UserProfile(rs.getString("user_id"), rs.getString("email"),
					rs.getTimestamp("created_at").toInstant()))
			.optional();
	}

	/**
	 * Deletes up to {@code batch} refresh tokens that expired, and sessions that ended
	 * ({@code expires_at} passed, or revoked more than {@code retention} ago; their
	 * tokens go with them). Rows another instance is deleting are skipped, so instances
	 * never wait on each other.
	 */
	int deleteExpired(Duration retention, int batch) {
		int tokens = this.jdbc
			.sql("""
					delete from refresh_tokens where token_hash in (
					  select token_hash from refresh_tokens where expires_at < now() limit :batch for update skip locked)""")
			.param("batch", batch)
			.update();
		int sessions = this.jdbc.sql("""
				delete from sessions where session_id in (
				  select session_id from sessions
				  where expires_at < now() or revoked_at < now() - make_interval(secs => :retention)
				  limit :batch for update skip locked)""")
			.param("retention", seconds(retention))
			.param("batch", batch)
			.update();
		return tokens + sessions;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/** A session and its user. */
	record SessionOwner(UUID sessionId, String userId) {
	}

}
