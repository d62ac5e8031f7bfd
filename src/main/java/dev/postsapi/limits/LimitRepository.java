package dev.postsapi.limits;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The limits' counters, checked and counted in single statements by the database's clock;
 * keys come as parallel arrays, windows as ISO-8601 durations.
 */
interface LimitRepository extends Repository<RateLimit, String> {

	/**
	 * The counters that reached their maximum, with the seconds their window has left; an
	 * exemptible one does not count while the {@code exemption} key is live.
	 */
	@Query(nativeQuery = true, value = """
			select r.limit_key as key, r.count as count,
			  greatest(1, ceil(extract(epoch from r.window_end - now())))::integer as secondsleft
			from rate_limits r
			join unnest(cast(:keys as varchar[]), cast(:maxima as integer[]), cast(:exemptible as boolean[]))
			  as q(limit_key, max_count, exemptible) using (limit_key)
			where r.window_end > now() and r.count >= q.max_count
			  and not (q.exemptible and exists (
			    select 1 from rate_limits e where e.limit_key = :exemption and e.window_end > now()))""")
	List<CounterState> reached(String[] keys, Integer[] maxima, Boolean[] exemptible, @Nullable String exemption);

	/**
	 * Counts one more on every key, opening a window where none is open; the new counts.
	 */
	@Transactional
	@Query(nativeQuery = true, value = """
			insert into rate_limits as r (limit_key, count, window_end)
			select limit_key, 1, now() + cast(window_length as interval)
			from unnest(cast(:keys as varchar[]), cast(:windows as varchar[])) as q(limit_key, window_length)
			on conflict (limit_key) do update set
			  count = case when r.window_end > now() then r.count + 1 else 1 end,
			  window_end = case when r.window_end > now() then r.window_end else excluded.window_end end
			returning r.limit_key as key, r.count as count,
			  greatest(1, ceil(extract(epoch from r.window_end - now())))::integer as secondsleft""")
	List<CounterState> count(String[] keys, String[] windows);

	/** Takes one back on every key (an attempt counted that is not to count). */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			update rate_limits set count = greatest(count - 1, 0)
			where limit_key = any(cast(:keys as varchar[]))""")
	void uncount(String[] keys);

	/** {@code reset} starts afresh, and {@code remember} is live for {@code ttl}. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			with reset as (delete from rate_limits where limit_key = :reset)
			insert into rate_limits (limit_key, count, window_end) values (:remember, 1, now() + cast(:ttl as interval))
			on conflict (limit_key) do update set window_end = excluded.window_end""")
	void resetAndRemember(String reset, String remember, String ttl);

	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = "delete from rate_limits where starts_with(limit_key, :prefix)")
	void deleteStartingWith(String prefix);

	/** Deletes up to {@code batch} ended counters, skipping rows in use. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from rate_limits where limit_key in (
			  select limit_key from rate_limits where window_end < now() limit :batch for update skip locked)""")
	int deleteEnded(int batch);

	/** A counter's count and the seconds until its window ends (at least 1). */
	interface CounterState {

		String getKey();

		int getCount();

		int getSecondsLeft();

	}

}
