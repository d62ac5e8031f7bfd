package dev.postsapi.limits;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The counters of the limits: one row per key and fixed window. An attempt is checked and
 * counted in one statement, so a refused attempt costs one small statement, no attempt is
 * let past a limit however many arrive at once, and every instance sees the same counts
 * by the database's clock.
 */
@Repository
class LimitRepository {

	private final JdbcClient jdbc;

	LimitRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts an attempt against every counter, unless one of them has already reached its
	 * limit: then nothing is counted and the answer says which, and for how long. An
	 * exemptible counter neither refuses nor blocks while the {@code exemption} key is
	 * live. Returns one row per counter counted, or per counter that refused.
	 */
	List<CounterState> countAttempt(List<LimitedKey> counters, @Nullable String exemption) {
		StringJoiner values = new StringJoiner(", ");
		Map<String, Object> parameters = new HashMap<>();
		for (int i = 0; i < counters.size(); i++) {
			LimitedKey counter = counters.get(i);
			values
				.add("(cast(:key%1$d as varchar), cast(:max%1$d as integer), cast(:window%1$d as float8), ".formatted(i)
						+ "cast(:exemptible%d as boolean))".formatted(i));
			parameters.put("key" + i, counter.key());
			parameters.put("max" + i, counter.max());
			parameters.put("window" + i, seconds(counter.window()));
			parameters.put("exemptible" + i, counter.exemptible());
		}
		return this.jdbc
			.sql("""
					with requested (limit_key, max_count, window_seconds, exemptible) as (values %s),
					known as (
					  select exists (select 1 from rate_limits where limit_key = :exemption and window_end > now()) as exempt
					),
					blocked as (
					  select r.limit_key, r.count, r.window_end from rate_limits r join requested q using (limit_key)
					  where r.window_end > now() and r.count >= q.max_count
					    and not (q.exemptible and (select exempt from known))
					),
					counted as (
					  insert into rate_limits as r (limit_key, count, window_end)
					  select limit_key, 1, now() + make_interval(secs => window_seconds) from requested
					  where not exists (select 1 from blocked)
					  on conflict (limit_key) do update set
					    count = case when r.window_end > now() then r.count + 1 else 1 end,
					    window_end = case when r.window_end > now() then r.window_end else excluded.window_end end
					  returning r.limit_key, r.count, r.window_end
					),
					answer as (
					select limit_key, count, false as refused, window_end from counted
					union all
					select limit_key, count, true, window_end from blocked)
					select limit_key, count, refused, (select exempt from known) as exempt,
					  greatest(1, ceil(extract(epoch from window_end - now())))::integer as seconds_left
					from answer"""
				.formatted(values))
			.params(parameters)
			.param("exemption", exemption)
			.query((rs, row) -> new CounterState(rs.getString("limit_key"), rs.getInt("count"),
					rs.getBoolean("refused"), rs.getBoolean("exempt"), rs.getInt("seconds_left")))
			.list();
	}

	/** Takes back an attempt that was counted but is not to count. */
	void uncount(Collection<String> keys) {
		settle(null, keys, null, Duration.ZERO);
	}

	/**
	 * Settles an attempt that is not to count as counted: {@code reset} starts afresh,
	 * {@code uncount} forget the attempt, and {@code remember} (when given) becomes live
	 * for {@code ttl}.
	 */
	void settle(@Nullable String reset, Collection<String> uncount, @Nullable String remember, Duration ttl) {
		this.jdbc.sql("""
				with reset as (delete from rate_limits where limit_key = :reset),
				uncounted as (update rate_limits set count = greatest(count - 1, 0) where limit_key in (:uncount))
				insert into rate_limits (limit_key, count, window_end)
				select cast(:remember as varchar), 1, now() + make_interval(secs => :ttl)
				where cast(:remember as varchar) is not null
				on conflict (limit_key) do update set window_end = excluded.window_end""")
			.param("reset", reset)
			// "in ()" is not SQL: an impossible key stands for none
			.param("uncount", uncount.isEmpty() ? List.of("") : uncount)
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

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * A counter an attempt counts against; an exemptible one yields to a live exemption.
	 */
	record LimitedKey(String key, int max, Duration window, boolean exemptible) {
	}

	/**
	 * A counter after the attempt: counted, or the reason it was refused; whether
	 * exemptible counters were exempt; the seconds until its window ends (at least 1, by
	 * the database's clock).
	 */
	record CounterState(String key, int count, boolean refused, boolean exempt, int secondsLeft) {
	}

}
