package dev.postsapi.post;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * Past {@code POSTS_SEARCH_CONCURRENCY} searches running at once on an instance, one more
 * is refused at once (503, Retry-After), while every other request is served; once a
 * search ends, the next is answered.
 */
@IntegrationTest
@TestPropertySource(properties = { "posts.search.concurrency=1", "posts.search.timeout=30s" })
@Import(PostSearchConcurrencyIntegrationTests.GatedPostQueries.class)
class PostSearchConcurrencyIntegrationTests {

	static final Gate GATE = new Gate();

	static final Set<String> GATED_METHODS = Set.of("listAll", "listOwn");

	@Autowired
	RestTestClient client;

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
	void searchWhenTheLimitIsReachedThen503AtOnceWhileOtherRequestsAreServed() throws Exception {
		CompletableFuture<ExchangeResult> running = GATE.hold(() -> get("/posts/feed?search=words"));

		ExchangeResult refused = get("/posts/all?search=words");
		assertThat(refused.getStatus().value()).isEqualTo(503);
		assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(new String(refused.getResponseBodyContent())).contains("Too many searches are running");
		// the listing without a search, and a read, go by
		assertThat(get("/posts/all").getStatus().value()).isEqualTo(200);
		assertThat(get("/users/me").getStatus().value()).isEqualTo(200);

		GATE.open();
		assertThat(running.get(30, TimeUnit.SECONDS).getStatus().value()).isEqualTo(200);
		ExchangeResult next = get("/posts/all?search=words");
		assertThat(next.getStatus().value()).isEqualTo(200);
		assertThat(new String(next.getResponseBodyContent())).contains("findable words");
	}

	private ExchangeResult get(String path) {
		return this.client.get().uri(path).header("Authorization", "Bearer " + this.token).exchange().returnResult();
	}

	/** Holds a listing's statement while armed: a search in progress. */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedPostQueries {

		@Bean
		static BeanPostProcessor gatedPostQueries() {
			return GATE.before(PostQueries.class::isInstance,
					(call) -> GATED_METHODS.contains(call.getMethod().getName()));
		}

	}

}
