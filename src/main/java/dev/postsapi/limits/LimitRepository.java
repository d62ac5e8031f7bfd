package dev.postsapi.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The counters of the limits: one row per key and fixed window, checked and counted in
 * single statements by the database's clock, so every instance sees the same counts.
 */
@Repository
class LimitRepository {

	private final JdbcClient jdbc;

	LimitRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The counters that have reached their limit, with the seconds until their window
	 * ends. An exemptible counter does not count while the {@code exemption} key is live.
	 * One small read: what a refused attempt costs.
	 */
	List<CounterState> reached(List<LimitedKey> keys, @Nullable String exemption) {
		Map<String, Object> parameters = new HashMap<>();
		return this.jdbc
			.sql("""
					with requested (limit_key, max_count, window_seconds, exemptible) as (values %s)
					select r.limit_key, r.count, %s as seconds_left from rate_limits r join requested q using (limit_key)
					where r.window_end > now() and r.count >= q.max_count
					  and not (q.exemptible and exists (
					    select 1 from rate_limits e where e.limit_key = :exemption and e.window_end > now()))"""
				.formatted(values(keys, parameters), SECONDS_LEFT))
			.params(parameters)
			.param("exemption", exemption)
			.query((rs, row) -> new CounterState(rs.getString("limit_key"), rs.getInt("count"),
					rs.getInt("seconds_left")))
			.list();
	}

	/**
	 * Counts one more on every key, opening a window where none is open; the new counts.
	 */
	List<CounterState> count(List<LimitedKey> keys) {
		Map<String, Object> parameters = new HashMap<>();
		return this.jdbc.sql("""
				with requested (limit_key, max_count, window_seconds, exemptible) as (values %s)
				insert into rate_limits as r (limit_key, count, window_end)
				select limit_key, 1, now() + make_interval(secs => window_seconds) from requested
				on conflict (limit_key) do update set
				  count = case when r.window_end > now() then r.count + 1 else 1 end,
				  window_end = case when r.window_end > now() then r.window_end else excluded.window_end end
				returning r.limit_key, r.count, %s as seconds_left""".formatted(values(keys, parameters), SECONDS_LEFT))
			.params(parameters)
			.query((rs, row) -> new CounterState(rs.getString("limit_key"), rs.getInt("count"),
					rs.getInt("seconds_left")))
			.list();
	}

	/** Takes one back on every key (an attempt counted that is not to count). */
	void uncount(List<String> keys) {
		this.jdbc.sql("update rate_limits set count = greatest(count - 1, 0) where limit_key in (:keys)")
			.param("keys", keys)
			.update();
	}

	/** {@code reset} starts afresh, and {@code remember} is live for {@code ttl}. */
	void resetAndRemember(String reset, String remember, Duration ttl) {
		this.jdbc.sql("""
				with reset as (delete from rate_limits where limit_key = :reset)
				insert into rate_limits (limit_key, count, window_end)
				values (:remember, 1, now() + make_interval(secs => :ttl))
				on conflict (limit_key) do update set window_end = excluded.window_end""")
			.param("reset", reset)
			.param("remember", remember)
			.param("ttl", seconds(ttl))
			.update();
	}

	/**
	 * Deletes up to {@code batch} counters whose window ended; skips rows in use
	 * elsewhere.
	 */
	int deleteEnded(int batch) {
		return this.jdbc.sql("""
				delete from rate_limits where limit_key in (
				  select limit_key from rate_limits where window_end < now() limit :batch for update skip locked)""")
			.param("batch", batch)
			.update();
	}

	/** Seconds until the window ends, by the database's clock, at least 1. */
	private static final String SECONDS_LEFT = "greatest(1, ceil(extract(epoch from r.window_end - now())))::integer";

	private static String values(List<LimitedKey> keys, Map<String, Object> parameters) {
		StringJoiner values = new StringJoiner(", ");
		for (int i = 0; i < keys.size(); i++) {
			LimitedKey key = keys.get(i);
			values
				.add("(cast(:key%1$d as varchar), cast(:max%1$d as integer), cast(:window%1$d as float8), ".formatted(i)
						+ "cast(:exemptible%d as boolean))".formatted(i));
			parameters.put("key" + i, key.key());
			parameters.put("max" + i, key.max());
			parameters.put("window" + i, seconds(key.window()));
			parameters.put("exemptible" + i, key.exemptible());
		}
		return values.toString();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/** A key with its limit and window; an exemptible one yields to a live exemption. */
	record LimitedKey(String key, int max, Duration window, boolean exemptible) {
	}

	/** A counter's count and the seconds until its window ends (at least 1). */
	record CounterState(String key, int count, int secondsLeft) {
	}

}
