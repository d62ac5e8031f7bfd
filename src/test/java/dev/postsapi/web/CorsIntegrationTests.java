package dev.postsapi.web;

import java.util.List;
import java.util.Locale;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestPropertySource(properties = { "app.cors.allowed-origins=https://app.example.com",
		"app.public-url=https://api.example.com:443/v1/" })
class CorsIntegrationTests {

	@Autowired
	RestTestClient client;

	@Test
	void preflightWhenAllowedOriginThenAllowsAuthorizationHeader() {
		client.options()
			.uri("/users/me")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "authorization")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://app.example.com")
			.expectHeader()
			.value("Access-Control-Allow-Headers",
					headers -> assertThat(headers.toLowerCase(Locale.ROOT)).contains("authorization"))
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Credentials");
	}

	@Test
	void preflightWhenEveryMethodTheApiHasThenAllowed() {
		// an admin's front end changes accounts with PATCH
		for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
			client.options()
				.uri("/admin/users/someone")
				.header("Origin", "https://app.example.com")
				.header("Access-Control-Request-Method", method)
				.header("Access-Control-Request-Headers", "authorization, content-type")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.value("Access-Control-Allow-Methods", (methods) -> assertThat(methods).contains(method));
		}
	}

	@Test
	void preflightOrRequestWhenOtherOriginThen403AsProblemDetails() {
		for (String path : List.of("/users/me", "/login")) {
			client.options()
				.uri(path)
				.header("Origin", "https://evil.example.net")
				.header("Access-Control-Request-Method", "GET")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.FORBIDDEN)
				.expectHeader()
				.doesNotExist("Access-Control-Allow-Origin")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(403);
		}
		client.get()
			.uri("/users/me")
			.header("Origin", "https://evil.example.net")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.FORBIDDEN)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void requestWhenFromThePublicUrlThenAllowedThoughTheServiceSeesAnotherOrigin() {
		// a browser on the docs page behind a TLS proxy: same-origin to it, not to the
		// service, which sees http on another port
		client.post()
			.uri("/login")
			.header("Origin", "https://api.example.com")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("username=nobody&password=wrong-password")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://api.example.com");
		client.post()
			.uri("/login")
			.header("Origin", "https://api.example.com:8443")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("username=nobody&password=wrong-password")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void requestWhenAllowedOriginThenExposesChallengeHeader() {
		client.get()
			.uri("/users/me")
			.header("Origin", "https://app.example.com")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://app.example.com")
			.expectHeader()
			.value("Access-Control-Expose-Headers", headers -> assertThat(headers).contains("WWW-Authenticate"));
	}

}
