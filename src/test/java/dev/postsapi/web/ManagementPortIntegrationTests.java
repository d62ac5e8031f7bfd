package dev.postsapi.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every management path, on the management port and on the API port, answers without a
 * 5xx; the management port's answers carry the request id and its errors are problem
 * details, as the API's are.
 */
@IntegrationTest
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortIntegrationTests {

	private static final List<String> PATHS = List.of("/actuator", "/actuator/", "/actuator/health",
			"/actuator/health/", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
			"/actuator/health/components/db", "/actuator/health/components/db/more", "/actuator/health/db",
			"/actuator/health/db/more", "/actuator/health/readiness/db", "/actuator/health/readiness/x/y",
			"/actuator/health/liveness/components/db", "/actuator/healthx", "/actuator/health.json", "/actuator/env",
			"/actuator/nothing", "/nothing");

	@Autowired
	RestTestClient client;

	@Autowired
	JsonMapper jsonMapper;

	@LocalServerPort
	int apiPort;

	@LocalManagementPort
	int managementPort;

	@Test
	void everyManagementPathWhenAskedOnEitherPortThenNo5xxAndProblemsWithTheRequestId() throws Exception {
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("mgmt"));
		try (HttpClient http = HttpClient.newHttpClient()) {
			for (int port : List.of(this.managementPort, this.apiPort)) {
				for (String path : PATHS) {
					for (String method : List.of("GET", "POST")) {
						for (String authorization : new String[] { null, "Bearer " + token, "Bearer garbage" }) {
							HttpRequest.Builder request = HttpRequest
								.newBuilder(URI.create("http://localhost:" + port + path))
								.method(method, HttpRequest.BodyPublishers.noBody());
							if (authorization != null) {
								request.header("Authorization", authorization);
							}
							HttpResponse<String> answer = http.send(request.build(),
									HttpResponse.BodyHandlers.ofString());
							assertAnswered(method + " " + path + " on " + port + " with " + authorization,
									answer.statusCode(), answer.headers().firstValue("X-Request-Id").orElse(null),
									answer.headers().firstValue("Content-Type").orElse(""), answer.body());
						}
					}
				}
			}
		}
	}

	@Test
	void requestIdWhenGivenToTheManagementPortThenAnswered() throws Exception {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> answer = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/health/readiness"))
				.header("X-Request-Id", "probe-42")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.headers().firstValue("X-Request-Id")).contains("probe-42");
		}
	}

	@Test
	void unreadableRequestWhenOnTheManagementPortThenTomcatsErrorIsAProblem() throws IOException {
		try (Socket socket = new Socket("localhost", this.managementPort)) {
			socket.getOutputStream()
				.write("GET /actuator/health/% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
			String id = head.replaceAll("(?s).*(?i:X-Request-Id): *([^\r\n]*).*", "$1");
			assertAnswered("a broken percent-encoding", Integer.parseInt(answer.substring(9, 12)),
					head.contains("X-Request-Id") ? id : null,
					head.replaceAll("(?s).*(?i:Content-Type): *([^\r\n]*).*", "$1"),
					answer.substring(answer.indexOf("\r\n\r\n") + 4));
			assertThat(answer).startsWith("HTTP/1.1 400");
		}
	}

	private void assertAnswered(String what, int status, String headerId, String contentType, String body) {
		assertThat(status).as(what).isLessThan(500);
		assertThat(headerId).as(what + ": X-Request-Id").isNotBlank();
		if (status >= 400) {
			assertThat(contentType).as(what + ": " + body).startsWith("application/problem+json");
			JsonNode problem = this.jsonMapper.readTree(body);
			assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
			assertThat(problem.path("request_id").asString()).as(what).isEqualTo(headerId);
		}
	}

}
