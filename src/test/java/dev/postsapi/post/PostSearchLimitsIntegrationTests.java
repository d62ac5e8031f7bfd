package dev.postsapi.post;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search scans post text, so it is bounded in time: one that takes longer than
 * {@code POSTS_SEARCH_TIMEOUT} is cancelled (503, Retry-After), and so is one whose time
 * is up before its statement starts.
 */
@IntegrationTest
@TestPropertySource(properties = "posts.search.timeout=1s")
@Import(PostSearchLimitsIntegrationTests.GatedPostQueries.class)
class PostSearchLimitsIntegrationTests {

	static final Gate GATE = new Gate();

	static final Set<String> GATED_METHODS = Set.of("listAll", "listOwn");

	@Autowired
	RestTestClient client;

	@Autowired
	DataSource dataSource;

	String token;

	@BeforeEach
	void aPost() {
		this.token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("searcher"));
		PostsApi.create(this.client, this.token, "findable words");
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

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
			assertThat(new String(search.getResponseBodyContent())).contains("The search took too long");
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

	private ExchangeResult get(String path) {
		return this.client.get().uri(path).header("Authorization", "Bearer " + this.token).exchange().returnResult();
	}

	/**
	 * Holds a listing's statement while armed: a search in progress, in its transaction.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedPostQueries {

		@Bean
		static BeanPostProcessor gatedPostQueries() {
			return GATE.before(PostQueries.class::isInstance,
					(call) -> GATED_METHODS.contains(call.getMethod().getName()));
		}

	}

}
