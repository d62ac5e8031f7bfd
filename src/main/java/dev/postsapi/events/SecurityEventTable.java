package dev.postsapi.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code security_events} table in plain JDBC: the insert is on the login path, and
 * runs in the action's transaction (Spring binds one connection to both) or, outside one,
 * as a statement of its own (BENCHMARKS.md, "Round ten"). Nullable values are bound
 * typed, so no statement needs describing first.
 */
@Component
class SecurityEventTable {

	private static final String COLUMNS = "type, occurred_at, ip_address, user_agent, session_id";

	private static final String NEWEST_FIRST = " order by occurred_at desc, event_id desc offset :offset limit :limit";

	private final JdbcClient jdbc;

	SecurityEventTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One event; it joins the transaction in progress, if any. */
	void insert(String userId, SecurityEventType type, @Nullable UUID sessionId, Client client) {
		this.jdbc.sql("""
				insert into security_events (user_id, type, session_id, ip_address, user_agent, by_another_account)
				values (:userId, :type, cast(:sessionId as uuid), :address, :userAgent, :byAnotherAccount)""")
			.param("userId", userId)
			.param("type", type.value())
			.param("sessionId", text((sessionId != null) ? sessionId.toString() : null))
			.param("address", text(client.address()))
			.param("userAgent", text(client.userAgent()))
			.param("byAnotherAccount", client.anotherAccount())
			.update();
	}

	/** One event per session, in one statement. */
	void insertForSessions(String userId, SecurityEventType type, Collection<UUID> sessionIds, Client client) {
		this.jdbc.sql("""
				insert into security_events (user_id, type, session_id, ip_address, user_agent, by_another_account)
				select :userId, :type, cast(s as uuid), :address, :userAgent, :byAnotherAccount
				from unnest(string_to_array(:sessionIds, ',')) as s""")
			.param("userId", userId)
			.param("type", type.value())
			.param("sessionIds", sessionIds.stream().map(UUID::toString).collect(Collectors.joining(",")))
			.param("address", text(client.address()))
			.param("userAgent", text(client.userAgent()))
			.param("byAnotherAccount", client.anotherAccount())
			.update();
	}

	/**
	 * The user's events, newest first; of those another account caused, without its
	 * address and user agent.
	 */
	List<SecurityEventResponse> listOfUser(String userId, int limit, int offset) {
		return this.jdbc.sql("""
				select type, occurred_at, session_id,
				  case when by_another_account then null else ip_address end as ip_address,
				  case when by_another_account then null else user_agent end as user_agent
				from security_events where user_id = :userId""" + NEWEST_FIRST)
			.param("userId", userId)
			.param("offset", offset)
			.param("limit", limit)
			.query((row, n) -> new SecurityEventResponse(SecurityEventType.of(row.getString("type")),
					row.getTimestamp("occurred_at").toInstant(), row.getString("ip_address"),
					row.getString("user_agent"), sessionId(row)))
			.list();
	}

	/** Every account's events, newest first, of one user and of one type if given. */
	List<AdminSecurityEventResponse> listAll(@Nullable String userId, @Nullable SecurityEventType type, int limit,
			int offset) {
		// only the filters given: each variant gets a plan that uses its index
		String where = (userId != null && type != null) ? " where user_id = :userId and type = :type"
				: (userId != null) ? " where user_id = :userId" : (type != null) ? " where type = :type" : "";
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("select user_id, " + COLUMNS + " from security_events" + where + NEWEST_FIRST)
			.param("offset", offset)
			.param("limit", limit);
		if (userId != null) {
			statement = statement.param("userId", userId);
		}
		if (type != null) {
			statement = statement.param("type", type.value());
		}
		return statement
			.query((row, n) -> new AdminSecurityEventResponse(row.getString("user_id"),
					SecurityEventType.of(row.getString("type")), row.getTimestamp("occurred_at").toInstant(),
					row.getString("ip_address"), row.getString("user_agent"), sessionId(row)))
			.list();
	}

	/**
	 * Deletes up to {@code batch} events older than {@code retention} (ISO-8601),
	 * skipping rows another instance is deleting; each batch commits alone.
	 */
	int deleteOlderThan(String retention, int batch) {
		return this.jdbc.sql("""
				delete from security_events where event_id = any(array(
				  select event_id from security_events where occurred_at < now() - cast(:retention as interval)
				  limit :batch for update skip locked))""")
			.param("retention", retention)
			.param("batch", batch)
			.update();
	}

	/**
	 * Who acted: the client's address and user agent, and whether it spoke for another
	 * account than the event's (an admin).
	 */
	record Client(@Nullable String address, @Nullable String userAgent, boolean anotherAccount) {

	}

	private static @Nullable UUID sessionId(ResultSet row) throws SQLException {
		return row.getObject("session_id", UUID.class);
	}

	private static SqlParameterValue text(@Nullable String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

}
