package dev.postsapi.web;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement the database stops (here an operator's pg_cancel_backend of a request stuck
 * behind someone's lock) is the database's state, not a bug: 503 with Retry-After, never
 * a 500.
 */
@IntegrationTest
class DatabaseRefusalIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void requestWhenItsStatementIsCancelledThen503WithRetryAfter() throws Exception {
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("cancelled"));
		try (Connection holder = this.dataSource.getConnection(); Statement statement = holder.createStatement()) {
			holder.setAutoCommit(false);
			statement.execute("lock table posts in access exclusive mode");
			CompletableFuture<ExchangeResult> answer = CompletableFuture.supplyAsync(() -> this.client.get()
				.uri("/posts/all")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.returnResult());
			String waiting = """
					select count(pg_cancel_backend(pid)) from pg_stat_activity
					where pid <> pg_backend_pid() and wait_event_type = 'Lock' and query ilike '%from posts%'""";
			int cancelled = 0;
			for (int i = 0; i < 300 && cancelled == 0; i++) {
				Thread.sleep(100);
				cancelled = this.jdbc.queryForObject(waiting, Integer.class);
			}
			assertThat(cancelled).as("the listing waited for the lock, and was cancelled").isEqualTo(1);
			ExchangeResult listing = answer.get(30, TimeUnit.SECONDS);
			holder.rollback();

			assertThat(listing.getStatus().value()).isEqualTo(503);
			assertThat(listing.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
			assertThat(new String(listing.getResponseBodyContent()))
				.contains("The database cannot take this request now; try again shortly");
		}
	}

}
