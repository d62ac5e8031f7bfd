package dev.postsapi;

import java.util.Map;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.repository.Query;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements that a table of millions of rows would make slow reach their rows through an
 * index, as the planner picks for a large table whatever the test's tables hold
 * (BENCHMARKS.md, "The database at scale"). The repositories' own statements, read from
 * their annotations.
 */
@IntegrationTest
class QueryPlansIntegrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void accountDeletionWhenItLocksTheVotesThenReadsThemByIndexNotAll() throws Exception {
		String plan = plan(statement("dev.postsapi.user.UserRepository", "lockVotesOfAccount", String.class));
		// each side of the "or" by its own index: no vote filtered by a subplan
		assertThat(plan).contains("votes_pkey").contains("votes_post_id_idx").doesNotContain("SubPlan");
	}

	@Test
	void cleanupsWhenTheyDeleteABatchThenReachItsRowsByKeyNotByReadingTheTable() throws Exception {
		for (String deletion : new String[] {
				statement("dev.postsapi.auth.SessionRepository", "deleteExpiredRefreshTokens", int.class),
				statement("dev.postsapi.auth.SessionRepository", "deleteEndedSessions", String.class, int.class),
				statement("dev.postsapi.user.AccountTokenRepository", "deleteExpired", int.class) }) {
			assertThat(plan(deletion)).as(deletion).contains("Index Cond").contains("= ANY").doesNotContain("Join");
		}
	}

	@Test
	void countersWhenForgottenByTheirKeysStartThenFoundByIndex() {
		// LimitCounters.deleteStartingWith's condition: `^@` uses the keys' index in "C"
		// order, not the primary key's
		assertThat(plan("select limit_key from rate_limits where limit_key ^@ 'login-account:ab' "
				+ "or limit_key ^@ 'reset-account:ab' order by limit_key collate \"C\" for update"))
			.contains("rate_limits_key_prefix_idx");
	}

	private String plan(String statement) {
		return new TransactionTemplate(this.transactions).execute((transaction) -> {
			this.jdbc.execute("set local enable_seqscan = off");
			return String.join("\n", this.jdbc.queryForList("explain " + statement, String.class));
		});
	}

	/** A repository method's native statement, with sample values for its parameters. */
	private static String statement(String repository, String method, Class<?>... parameters) throws Exception {
		String sql = Class.forName(repository).getDeclaredMethod(method, parameters).getAnnotation(Query.class).value();
		for (Map.Entry<String, String> parameter : Map
			.of(":userId", "'someone'", ":batch", "10000", ":retention", "'P14D'")
			.entrySet()) {
			sql = sql.replace(parameter.getKey(), parameter.getValue());
		}
		return sql;
	}

}
