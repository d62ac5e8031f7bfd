package dev.postsapi.limits;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.LockWaits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement that takes several counters takes them in their keys' order, whatever
 * order they are named or stored in: a failed login counts three at once while a reset or
 * a deletion forgets an account's, and two statements taking them in different orders
 * could deadlock. Seen from outside: while the middle key is held elsewhere, the
 * statement holds the first and has not reached the last.
 */
@IntegrationTest
class LimitCountersLockOrderIntegrationTests {

	@Autowired
	LimitCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	String prefix;

	@BeforeEach
	void threeCounters() {
		this.prefix = "lock-order-" + System.nanoTime() + ":";
		// stored last key first, so that the table's order is not the keys'
		for (String key : List.of("c", "b", "a")) {
			this.jdbc.update(
					"insert into rate_limits (limit_key, count, window_end) values (?, 1, now() + interval '1 h')",
					this.prefix + key);
		}
	}

	@Test
	void countWhenKeysAreNamedInAnotherOrderThenTheyAreLockedInTheirs() throws Exception {
		assertLockedInKeyOrder(() -> this.counters.count(new String[] { key("c"), key("b"), key("a") },
				new String[] { "PT1H", "PT1H", "PT1H" }));
	}

	@Test
	void deleteStartingWithWhenRowsAreStoredInAnotherOrderThenTheyAreLockedInKeyOrder() throws Exception {
		assertLockedInKeyOrder(() -> this.counters.deleteStartingWith(this.prefix));
	}

	@Test
	void uncountWhenKeysAreNamedInAnotherOrderThenTheyAreLockedInTheirs() throws Exception {
		assertLockedInKeyOrder(() -> this.counters.uncount(new String[] { key("c"), key("b"), key("a") }));
	}

	@Test
	void resetAndForgetWhenRowsAreStoredInAnotherOrderThenTheyAreLockedInKeyOrder() throws Exception {
		assertLockedInKeyOrder(() -> this.counters.resetAndForget(key("c"), this.prefix));
	}

	private void assertLockedInKeyOrder(Runnable statement) throws Exception {
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			holder.createStatement()
				.execute("select 1 from rate_limits where limit_key = '" + key("b") + "' for update");
			CompletableFuture<Void> running = CompletableFuture.runAsync(statement);
			LockWaits.onTable(this.jdbc, "rate_limits", 1);
			// "a" is held by the waiting statement, "c" not yet taken
			assertThat(
					this.jdbc.queryForList(
							"select limit_key from rate_limits where limit_key in (?, ?, ?) "
									+ "order by limit_key for update skip locked",
							String.class, key("a"), key("b"), key("c")))
				.containsExactly(key("c"));
			holder.rollback();
			running.get(30, TimeUnit.SECONDS);
		}
	}

	private String key(String name) {
		return this.prefix + name;
	}

}
