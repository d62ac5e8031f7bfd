package dev.postsapi.web;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pooled connection busy, the database fine: requests that need one get a 503
 * saying the service is busy (not that the database is unreachable), and readiness, which
 * asks the database on a connection of its own, stays UP at once, so a flood does not
 * take every replica out of its Service together.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.datasource.hikari.maximum-pool-size=2",
		"spring.datasource.hikari.connection-timeout=500" })
@DirtiesContext
class BusyPoolIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	DataSource dataSource;

	@Test
	void requestsWhenEveryPooledConnectionIsBusyThen503BusyAndReadinessUp() throws Exception {
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("busy"));
		try (Connection one = this.dataSource.getConnection(); Connection two = this.dataSource.getConnection()) {
			EntityExchangeResult<Map> read = this.client.get()
				.uri("/posts/all")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectBody(Map.class)
				.returnResult();
			assertThat(read.getStatus().value()).isEqualTo(503);
			assertThat(read.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(read.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(read.getResponseBody()).containsEntry("detail", "The service is busy; try again shortly");

			long start = System.nanoTime();
			this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		}
		this.client.get().uri("/posts/all").header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
	}

}
