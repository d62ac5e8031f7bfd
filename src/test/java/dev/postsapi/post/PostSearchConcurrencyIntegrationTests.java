package dev.postsapi.post;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.ExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past {@code POSTS_SEARCH_CONCURRENCY} searches running at once on an instance, one more
 * waits about a second for a turn, then is refused (503, Retry-After), while every other
 * request is served; one whose turn comes within that wait is answered.
 */
@TestPropertySource(properties = { "posts.search.concurrency=1", "posts.search.timeout=30s" })
class PostSearchConcurrencyIntegrationTests extends SearchingIntegrationTest {

	@Test
	void searchWhenTheLimitStaysReachedThen503WhileOtherRequestsAreServed() throws Exception {
		CompletableFuture<ExchangeResult> running = GATE.hold(() -> get("/posts/feed?search=words"));

		long start = System.nanoTime();
		ExchangeResult refused = get("/posts/all?search=words");
		// after asking for a turn for up to about a second (not at once)
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
				Duration.ofSeconds(5));
		assertThat(refused.getStatus().value()).isEqualTo(503);
		assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(new String(refused.getResponseBodyContent()))
			.contains("Too many searches or deep pages are running");
		// so is a page past 10,000 posts skipped, which walks as many index entries
		assertThat(get("/posts/feed?offset=10001").getStatus().value()).isEqualTo(503);
		// the listing without a search, up to that offset, and a read, go by
		assertThat(get("/posts/all").getStatus().value()).isEqualTo(200);
		assertThat(get("/posts/feed?offset=10000").getStatus().value()).isEqualTo(200);
		assertThat(get("/users/me").getStatus().value()).isEqualTo(200);

		GATE.open();
		assertThat(running.get(30, TimeUnit.SECONDS).getStatus().value()).isEqualTo(200);
		ExchangeResult next = get("/posts/all?search=words");
		assertThat(next.getStatus().value()).isEqualTo(200);
		assertThat(new String(next.getResponseBodyContent())).contains("findable words");
	}

	@Test
	void searchWhenATurnComesFreeWhileItWaitsThenAnswered() throws Exception {
		CompletableFuture<ExchangeResult> running = GATE.hold(() -> get("/posts/feed?search=words"));
		CompletableFuture<ExchangeResult> waiting = CompletableFuture.supplyAsync(() -> get("/posts/all?search=words"));
		// well within its second of asking, long after its first refusal
		Thread.sleep(500);
		GATE.open();
		assertThat(running.get(30, TimeUnit.SECONDS).getStatus().value()).isEqualTo(200);
		assertThat(waiting.get(30, TimeUnit.SECONDS).getStatus().value()).isEqualTo(200);
	}

}
