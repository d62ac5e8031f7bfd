package dev.postsapi.post;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.ExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search scans post text, so it is bounded in time: one that takes longer than
 * {@code POSTS_SEARCH_TIMEOUT} is cancelled (503, Retry-After), and so is one whose time
 * is up before its statement starts.
 */
@TestPropertySource(properties = "posts.search.timeout=1s")
class PostSearchLimitsIntegrationTests extends SearchingIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Test
	void searchWhenItTakesLongerThanTheTimeoutThenCancelled503WithRetryAfter() throws Exception {
		try (Connection holder = this.dataSource.getConnection(); Statement statement = holder.createStatement()) {
			holder.setAutoCommit(false);
			// the search waits on the table as it would scan a huge one
			statement.execute("lock table posts in access exclusive mode");
			long started = System.nanoTime();
			CompletableFuture<ExchangeResult> answer = CompletableFuture
				.supplyAsync(() -> get("/posts/feed?search=words"));
			ExchangeResult search;
			try {
				search = answer.get(10, TimeUnit.SECONDS);
			}
			finally {
				holder.rollback();
			}
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(search.getStatus().value()).isEqualTo(503);
			assertThat(search.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
			assertThat(new String(search.getResponseBodyContent())).contains("The search or deep page took too long");
			assertThat(took).isLessThan(Duration.ofSeconds(5));
		}
		assertThat(get("/posts/feed?search=words").getStatus().value()).isEqualTo(200);
	}

	@Test
	void searchWhenItsTimeIsUpBeforeItsStatementStartsThen503() throws Exception {
		CompletableFuture<ExchangeResult> held = GATE.hold(() -> get("/posts/all?search=words"));
		// held inside its transaction, past the transaction's timeout
		Thread.sleep(1500);
		GATE.open();
		ExchangeResult search = held.get(30, TimeUnit.SECONDS);
		assertThat(search.getStatus().value()).isEqualTo(503);
		assertThat(search.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
	}

}
