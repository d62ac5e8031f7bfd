package dev.postsapi.limits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The limits' counters, checked and counted in single statements by the database's clock;
 * keys come as parallel arrays, windows as ISO-8601 durations. Plain JDBC: login runs two
 * of them, and they join the caller's transaction if there is one (BENCHMARKS.md, "Round
 * ten").
 */
@Component
class LimitCounters {

	private static final String STATE = """
			r.limit_key, r.count, greatest(1, ceil(extract(epoch from r.window_end - now())))::integer as seconds_left""";

	private static final RowMapper<CounterState> COUNTER_STATE = LimitCounters::counterState;

	/**
	 * The counters matching a condition, locked in their keys' order: a failed login
	 * takes three at once, and a reset or a deletion forgets an account's; taken in the
	 * table's order, which changes as rows come and go, two such statements could each
	 * hold one the other waits for, a deadlock (a lock-order audit showed it).
	 */
	private static final String IN_KEY_ORDER = "select limit_key from rate_limits where %s order by limit_key collate \"C\" for update";

	private final JdbcClient jdbc;

	LimitCounters(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The counters that reached their maximum, with the seconds their window has left; an
	 * exemptible one does not count while the {@code exemption} key is live.
	 */
	List<CounterState> reached(String[] keys, Integer[] maxima, Boolean[] exemptible, @Nullable String exemption) {
		return this.jdbc.sql("select " + STATE + """
				 from rate_limits r
				join unnest(cast(:keys as varchar[]), cast(:maxima as integer[]), cast(:exemptible as boolean[]))
				  as q(limit_key, max_count, exemptible) using (limit_key)
				where r.window_end > now() and r.count >= q.max_count
				  and not (q.exemptible and exists (
				    select 1 from rate_limits e where e.limit_key = :exemption and e.window_end > now()))""")
			.param("keys", keys)
			.param("maxima", maxima)
			.param("exemptible", exemptible)
			// typed, so that a null needs no describing of the statement first
			.param("exemption", new SqlParameterValue(Types.VARCHAR, exemption))
			.query(COUNTER_STATE)
			.list();
	}

	/**
	 * Counts one more on every key, opening a window where none is open; the new counts.
	 * Like every statement here that takes several counters, in the keys' order
	 * ({@link #IN_KEY_ORDER}).
	 */
	List<CounterState> count(String[] keys, String[] windows) {
		return this.jdbc.sql("""
				insert into rate_limits as r (limit_key, count, window_end)
				select limit_key, 1, now() + cast(window_length as interval)
				from unnest(cast(:keys as varchar[]), cast(:windows as varchar[])) as q(limit_key, window_length)
				order by limit_key collate "C"
				on conflict (limit_key) do update set
				  count = case when r.window_end > now() then r.count + 1 else 1 end,
				  window_end = case when r.window_end > now() then r.window_end else excluded.window_end end
				returning
				""" + STATE).param("keys", keys).param("windows", windows).query(COUNTER_STATE).list();
	}

	/** Takes one back on every key (an attempt counted that is not to count). */
	void uncount(String[] keys) {
		this.jdbc
			.sql("update rate_limits r set count = greatest(count - 1, 0) from ("
					+ IN_KEY_ORDER.formatted("limit_key = any(cast(:keys as varchar[]))")
					+ ") l where r.limit_key = l.limit_key")
			.param("keys", keys)
			.update();
	}

	/** {@code reset} starts afresh, and {@code remember} is live for {@code ttl}. */
	void resetAndRemember(String reset, String remember, String ttl) {
		this.jdbc
			.sql("""
					with reset as (delete from rate_limits where limit_key = :reset)
					insert into rate_limits (limit_key, count, window_end) values (:remember, 1, now() + cast(:ttl as interval))
					on conflict (limit_key) do update set window_end = excluded.window_end""")
			.param("reset", reset)
			.param("remember", remember)
			.param("ttl", ttl)
			.update();
	}

	/**
	 * {@code reset} starts afresh, and the counters whose keys start with {@code prefix}
	 * go.
	 */
	void resetAndForget(String reset, String prefix) {
		this.jdbc
			.sql("delete from rate_limits where limit_key in ("
					+ IN_KEY_ORDER.formatted("limit_key = :reset or limit_key ^@ :prefix") + ")")
			.param("reset", reset)
			.param("prefix", prefix)
			.update();
	}

	/**
	 * Deletes the counters whose keys start with any of {@code prefixes}, in one pass: a
	 * prefix each, which the keys' index in "C" order serves (V17), where
	 * {@code ^@ any(...)} had every counter read.
	 */
	void deleteStartingWith(String... prefixes) {
		String startsWithAny = String.join(" or ", Collections.nCopies(prefixes.length, "limit_key ^@ ?"));
		this.jdbc.sql("delete from rate_limits where limit_key in (" + IN_KEY_ORDER.formatted(startsWithAny) + ")")
			.params((Object[]) prefixes)
			.update();
	}

	/** Deletes up to {@code batch} ended counters, skipping rows in use. */
	int deleteEnded(int batch) {
		return this.jdbc.sql("""
				delete from rate_limits where limit_key = any(array(
				  select limit_key from rate_limits where window_end < now() limit :batch for update skip locked))""")
			.param("batch", batch)
			.update();
	}

	private static CounterState counterState(ResultSet row, int rowNumber) throws SQLException {
		return new CounterState(row.getString("limit_key"), row.getInt("count"), row.getInt("seconds_left"));
	}

	/** A counter's count and the seconds until its window ends (at least 1). */
	record CounterState(String key, int count, int secondsLeft) {

	}

}
