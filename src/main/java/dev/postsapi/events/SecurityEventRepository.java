package dev.postsapi.events;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Security events: written and listed in {@link SecurityEventQueries} (plain JDBC, in the
 * recording action's transaction), deleted here past their retention.
 */
interface SecurityEventRepository extends Repository<SecurityEventRow, Long>, SecurityEventQueries {

	/**
	 * Deletes up to {@code batch} events older than {@code retention} (ISO-8601),
	 * skipping rows another instance is deleting; each batch commits alone.
	 */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from security_events where event_id in (
			  select event_id from security_events where occurred_at < now() - cast(:retention as interval)
			  limit :batch for update skip locked)""")
	int deleteOlderThan(String retention, int batch);

}
