package dev.postsapi.web;

import java.util.List;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.KubernetesDeployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics are served only on a management port of their own: on the API port (on
 * Kubernetes too) {@code /actuator/prometheus} is a 404 problem while health stays; with
 * {@code MANAGEMENT_SERVER_PORT} set, that port serves them.
 */
class MetricsIntegrationTests {

	static void assertHealthButNoMetrics(RestTestClient client) {
		client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
		for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
			client.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		}
		// deeper paths are nobody's (ManagementPortIntegrationTests: never a 5xx)
		for (String path : List.of("/actuator/health/components/db", "/actuator/health/db", "/actuator/env")) {
			client.get().uri(path).exchange().expectStatus().isUnauthorized();
		}
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("ops"));
		client.get()
			.uri("/actuator/health/components/db")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Nested
	@IntegrationTest
	class OnTheApiPort {

		@Autowired
		RestTestClient client;

		@Test
		void prometheusWhenNoManagementPortThen404ButHealthServed() {
			assertHealthButNoMetrics(this.client);
		}

	}

	@Nested
	@KubernetesDeployment
	class OnKubernetes {

		@Autowired
		RestTestClient client;

		@Test
		void prometheusWhenNoManagementPortThen404ButHealthServed() {
			assertHealthButNoMetrics(this.client);
		}

	}

	@Nested
	@IntegrationTest
	@TestPropertySource(properties = "management.server.port=0")
	class OnAManagementPort {

		@Autowired
		RestTestClient client;

		@LocalManagementPort
		int managementPort;

		@Test
		void prometheusWhenOnTheManagementPortThenMetrics() {
			Accounts.loginStatus(this.client, "nobody_" + Accounts.uniqueUserId("metrics"), "wrong_password");
			RestTestClient management = RestTestClient.bindToServer()
				.baseUrl("http://localhost:" + this.managementPort)
				.build();
			management.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(metrics -> assertThat(metrics).contains("auth_limits_refused_total")
					.contains("http_server_requests"));
			management.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}

	}

}
