package dev.postsapi.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions and their refresh tokens: every race is one conditional statement, every time
 * the database's {@code now()}; durations are ISO-8601 strings PostgreSQL reads.
 */
interface SessionRepository extends Repository<Session, UUID> {

	/**
	 * Locks the account of a refresh token's live session: a refresh takes it first, as
	 * every change to an account's sessions does, then the session
	 * ({@link #lockLiveSession}, before the token, as the cleanup of ended sessions takes
	 * them). The session's id, if it is live.
	 */
	@Query(nativeQuery = true, value = """
			select s.session_id from refresh_tokens r join sessions s on s.session_id = r.session_id
			  join users u on u.user_id = s.user_id
			where r.token_hash = :hash and s.revoked_at is null and s.expires_at > now()
			for no key update of u""")
	Optional<UUID> lockAccountOfRefreshToken(byte[] hash);

	/**
	 * Marks an unused refresh token of a live session used, with the random salt of its
	 * child: of two racing, one wins.
	 */
	@Query(nativeQuery = true, value = """
			update refresh_tokens r set used_at = now(), child_salt = gen_random_uuid()
			from sessions s join users u on u.user_id = s.user_id
			where r.token_hash = :hash and r.used_at is null and r.expires_at > now()
			  and s.session_id = r.session_id and s.revoked_at is null and s.expires_at > now()
			returning r.session_id as sessionid, s.user_id as userid, array_to_string(u.roles, ',') as storedroles,
			  u.email_verified as emailverified, r.child_salt as childsalt, s.client_address as lastaddress,
			  s.user_agent as lastuseragent""")
	Optional<SessionOwner> useRefreshToken(byte[] hash);

	@Query(nativeQuery = true, value = """
			select r.session_id as sessionid, s.user_id as userid, array_to_string(u.roles, ',') as storedroles,
			  u.email_verified as emailverified, r.child_salt as childsalt, s.client_address as lastaddress,
			  s.user_agent as lastuseragent
			from refresh_tokens r join sessions s on s.session_id = r.session_id join users u on u.user_id = s.user_id
			where r.token_hash = :hash and r.used_at is not null and s.revoked_at is null and s.expires_at > now()""")
	Optional<SessionOwner> findLiveSessionOfUsedToken(byte[] hash);

	/** Used within the interval, and no child used since: the newest parent. */
	@Query(nativeQuery = true,
			value = """
					select exists (select 1 from refresh_tokens r
					  where r.token_hash = :hash and r.used_at > now() - cast(:interval as interval)
					    and not exists (select 1 from refresh_tokens c where c.parent_hash = r.token_hash and c.used_at is not null))""")
	boolean isReusable(byte[] hash, String interval);

	/**
	 * The session was used now, from there: a device list then shows where a session's
	 * refresh token was last used, a thief's place too; what the refresh does not tell
	 * (no User-Agent) stays as it was.
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			update sessions set refreshed_at = now(), client_address = coalesce(:address, client_address),
			  user_agent = coalesce(:userAgent, user_agent)
			where session_id = :sessionId""")
	void markRefreshed(UUID sessionId, @Nullable String address, @Nullable String userAgent);

	@Modifying
	@Query(nativeQuery = true,
			value = "update sessions set revoked_at = now() where session_id = :sessionId and revoked_at is null")
	void revokeSession(UUID sessionId);

	/** The session while it is live, locked until the transaction ends (an end waits). */
	@Query(nativeQuery = true, value = """
			select session_id from sessions where session_id = :sessionId and revoked_at is null and expires_at > now()
			for no key update""")
	Optional<UUID> lockLiveSession(UUID sessionId);

	/**
	 * Ends the live session of this refresh token, if it is one of the user's; the ended
	 * session (each revocation returns the sessions it ended, for their events).
	 */
	@Query(nativeQuery = true, value = """
			update sessions s set revoked_at = now() from refresh_tokens r
			where r.token_hash = :hash and s.session_id = r.session_id and s.user_id = :userId
			  and s.revoked_at is null and s.expires_at > now()
			returning s.session_id""")
	Optional<UUID> revokeSessionOfRefreshToken(byte[] hash, String userId);

	@Query(nativeQuery = true, value = """
			update sessions set revoked_at = now() where user_id = :userId and revoked_at is null and expires_at > now()
			returning session_id""")
	List<UUID> revokeSessionsOfUser(String userId);

	@Query(nativeQuery = true, value = """
			update sessions set revoked_at = now()
			where user_id = :userId and revoked_at is null and expires_at > now() and session_id <> :keep
			returning session_id""")
	List<UUID> revokeOtherSessionsOfUser(String userId, UUID keep);

	/** The user's live sessions, most recently used (logged in or refreshed) first. */
	@Query(nativeQuery = true, value = """
			select session_id as sessionid, created_at as createdat, coalesce(refreshed_at, created_at) as lastusedat,
			  expires_at as expiresat, client_address as ipaddress, user_agent as useragent
			from sessions where user_id = :userId and revoked_at is null and expires_at > now()
			order by lastusedat desc, session_id""")
	List<LiveSession> findLiveSessionsOfUser(String userId);

	/** Ends one live session if it is the user's; 1 if it did. */
	@Modifying
	@Query(nativeQuery = true, value = """
			update sessions set revoked_at = now()
			where session_id = :sessionId and user_id = :userId and revoked_at is null and expires_at > now()""")
	int revokeLiveSessionOfUser(UUID sessionId, String userId);

	/** Expired refresh tokens; rows another instance is deleting are skipped. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from refresh_tokens where token_hash = any(array(
			  select token_hash from refresh_tokens where expires_at < now() limit :batch for update skip locked))""")
	int deleteExpiredRefreshTokens(int batch);

	/** Sessions past their lifetime or revoked longer than {@code retention} ago. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from sessions where session_id = any(array(
			  select session_id from sessions
			  where expires_at < now() or revoked_at < now() - cast(:retention as interval)
			  limit :batch for update skip locked))""")
	int deleteEndedSessions(String retention, int batch);

	/** A live session as its user sees it. */
	interface LiveSession {

		UUID getSessionId();

		Instant getCreatedAt();

		Instant getLastUsedAt();

		Instant getExpiresAt();

		@Nullable String getIpAddress();

		@Nullable String getUserAgent();

	}

	/** A session, its user and the user's stored roles (comma-separated). */
	interface SessionOwner {

		UUID getSessionId();

		String getUserId();

		String getStoredRoles();

		boolean getEmailVerified();

		/** Its refresh token's, set when it was used; null if used before V16. */
		@Nullable UUID getChildSalt();

		/** Where the session was last logged in or refreshed from (a thief, perhaps). */
		@Nullable String getLastAddress();

		@Nullable String getLastUserAgent();

	}

}
