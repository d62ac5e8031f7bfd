package dev.postsapi.auth;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static dev.postsapi.support.Problems.withoutRequestId;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class LoginIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JsonMapper json;

	@Test
	void loginWhenUserIdThenBearerTokenWithContractClaims() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("login"));
		Map<?, ?> body = client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", userId, "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(body.get("token_type")).isEqualTo("bearer");
		assertThat(body.get("expires_in")).isEqualTo(600);
		String[] parts = body.get("access_token").toString().split("\\.");
		assertThat(parts).hasSize(3);
		Map<?, ?> header = json.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
		Map<?, ?> claims = json.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
		// ES256 by default, with the kid of a key in the JWKS
		// (SigningKeysIntegrationTests)
		assertThat(header.get("alg")).isEqualTo("ES256");
		assertThat(header.get("kid")).asString().isNotBlank();
		assertThat(claims.get("sub")).isEqualTo(userId);
		assertThat(claims.keySet()).map(Object::toString).contains("iat", "exp", "jti");
		assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(600);
	}

	@Test
	void loginWhenEmailInAnyCaseOrTrailingSlashThenToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("email"));
		String token = Accounts.login(client, (userId + "@example.com").toUpperCase(Locale.ROOT), Accounts.PASSWORD);
		client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(userId);
		client.post()
			.uri("/login/")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", userId + "@example.com", "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void loginWhenSwaggerUiSendsGrantTypeScopeAndEmptyBasicThenToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("swagger"));
		client.post()
			.uri("/login")
			.header("Authorization", "Basic Og==")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "password", "username", userId, "password", Accounts.PASSWORD, "scope", ""))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access_token")
			.isNotEmpty();
	}

	@Test
	void loginWhenStaleBearerTokenSentThenStillLogsIn() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("stale"));
		client.post()
			.uri("/login")
			.header("Authorization", "Bearer not.a.valid-token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", userId, "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void loginWhenWrongPasswordOrUnknownUserThenSame401() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("wrong"));
		byte[] wrongPassword = loginFailure(form("username", userId, "password", "wrong_password"));
		byte[] unknownUser = loginFailure(form("username", "nobody_" + userId, "password", "wrong_password"));
		assertThat(withoutRequestId(unknownUser)).isEqualTo(withoutRequestId(wrongPassword));
		assertThat(new String(wrongPassword)).contains("\"detail\":\"Invalid credentials\"");
	}

	@Test
	void loginWhenPasswordOver72BytesThen401Not500() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("longpw"));
		loginFailure(form("username", userId, "password", Accounts.PASSWORD + "x".repeat(100)));
	}

	@Test
	void loginWhenFieldsMissingThen422() {
		client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", "alice"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");
	}

	@Test
	void loginOrRefreshWhenCredentialsInTheUrlThen400AndNoToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("inurl"));
		for (String uri : List.of("/login?username=" + userId + "&password=" + Accounts.PASSWORD,
				"/login?pass%77ord=" + Accounts.PASSWORD + "&username=" + userId,
				"/login?grant_type=refresh_token&refresh_token=" + LoginController.REFRESH_TOKEN_EXAMPLE,
				"/token/refresh?refresh_token=" + LoginController.REFRESH_TOKEN_EXAMPLE,
				"/token/refresh?%21refresh_token=" + LoginController.REFRESH_TOKEN_EXAMPLE)) {
			client.post()
				.uri(URI.create(uri))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body("")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.access_token")
				.doesNotExist();
		}
		// anything else in the URL is no credential
		assertThat(client.post()
			.uri("/login?source=app")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", userId, "password", Accounts.PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(200);
	}

	@Test
	void loginWhenJsonInsteadOfFormThen415() {
		client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"username\": \"alice\", \"password\": \"strong_password\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private byte[] loginFailure(String formBody) {
		return client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(formBody)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
	}

}
