package dev.postsapi.auth;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly cleanup finds ended sessions through an index for each of its two conditions
 * (expired, revoked long enough ago), not by reading every session: the table grows with
 * every login, and a scan of 400,000 sessions took 93 ms per batch of the cleanup. The
 * statement is {@link SessionRepository#deleteEndedSessions}'s.
 */
@IntegrationTest
class SessionCleanupPlanIntegrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void endedSessionsWhenPlannedThenEachConditionIsAnIndexScan() {
		String plan = new TransactionTemplate(this.transactions).execute((transaction) -> {
			// what the planner picks for a large table, whatever this one holds now
			this.jdbc.execute("set local enable_seqscan = off");
			return String.join("\n", this.jdbc.queryForList("""
					explain delete from sessions where session_id in (
					  select session_id from sessions
					  where expires_at < now() or revoked_at < now() - cast('P14D' as interval)
					  limit 10000 for update skip locked)""", String.class));
		});
		assertThat(plan).contains("sessions_expires_at_idx").contains("sessions_revoked_at_idx");
	}

}
