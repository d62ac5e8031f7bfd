package dev.postsapi.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Registers users and logs them in through the API, as a client would. */
public final class Accounts {

	public static final String PASSWORD = "strong_password";

	private Accounts() {
	}

	/** A user_id no other test uses. */
	public static String uniqueUserId(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static String register(RestTestClient client, String userId) {
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		return userId;
	}

	public static String login(RestTestClient client, String username, String password) {
		return loginForTokens(client, username, password).accessToken();
	}

	/**
	 * Logs in, with the headers given as name/value pairs (a User-Agent), and returns
	 * both tokens of the new session.
	 */
	public static Tokens loginForTokens(RestTestClient client, String username, String password, String... headers) {
		return issued(
				withHeaders(client.post().uri("/login"), headers).contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(form("username", username, "password", password)));
	}

	/** The status of a login. */
	public static int loginStatus(RestTestClient client, String username, String password) {
		return loginStatusFrom(client, null, username, password);
	}

	/**
	 * The status of a login from {@code address} (X-Forwarded-For, for a context that
	 * trusts this process as its proxy; none if null).
	 */
	public static int loginStatusFrom(RestTestClient client, @Nullable String address, String username,
			String password) {
		return client.post().uri("/login").headers((headers) -> {
			if (address != null) {
				headers.set("X-Forwarded-For", address);
			}
		})
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", username, "password", password))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** The status of {@code DELETE /users/me} with the account's own password. */
	public static int deleteOwnAccountStatus(RestTestClient client, String accessToken) {
		return client.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", "Bearer " + accessToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** The status of {@code POST /password/forgot} for {@code email}. */
	public static int forgotPasswordStatus(RestTestClient client, String email) {
		return client.post()
			.uri("/password/forgot")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	public static int meStatus(RestTestClient client, Tokens tokens) {
		return meStatus(client, tokens.accessToken());
	}

	public static int meStatus(RestTestClient client, String accessToken) {
		return client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + accessToken)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** Logs out every session of the caller's account ({@code POST /logout/all}). */
	public static void logoutEverywhere(RestTestClient client, Tokens tokens) {
		client.post()
			.uri("/logout/all")
			.header("Authorization", tokens.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	/**
	 * The status of setting a new password with a mailed token
	 * ({@code POST /password/reset}).
	 */
	public static int resetPasswordStatus(RestTestClient client, String token, String newPassword) {
		return client.post()
			.uri("/password/reset")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", token, "new_password", newPassword))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** The status of exchanging a refresh token at {@code POST /token/refresh}. */
	public static int refreshStatus(RestTestClient client, String refreshToken) {
		return client.post()
			.uri("/token/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/**
	 * Exchanges a refresh token that works at {@code POST /token/refresh}, with the
	 * headers given as name/value pairs (a User-Agent, an X-Forwarded-For): the new pair.
	 */
	public static Tokens refresh(RestTestClient client, String refreshToken, String... headers) {
		return issued(withHeaders(client.post().uri("/token/refresh"), headers).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", refreshToken)));
	}

	private static RestTestClient.RequestBodySpec withHeaders(RestTestClient.RequestBodySpec request,
			String... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			request.header(namesAndValues[i], namesAndValues[i + 1]);
		}
		return request;
	}

	/** The new pair of a login or refresh that must work. */
	private static Tokens issued(RestTestClient.RequestHeadersSpec<?> request) {
		return Tokens
			.of(request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody());
	}

	/** An application/x-www-form-urlencoded body of name/value pairs. */
	public static String form(String... namesAndValues) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			body.append(body.isEmpty() ? "" : "&")
				.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return body.toString();
	}

	/** An access token and the refresh token of its session. */
	public record Tokens(String accessToken, String refreshToken) {

		public static Tokens of(Map<?, ?> body) {
			return new Tokens(body.get("access_token").toString(), body.get("refresh_token").toString());
		}

		public String bearer() {
			return "Bearer " + this.accessToken;
		}

	}

	/** Registers a fresh user and returns a bearer token for it. */
	public static String registerAndLogin(RestTestClient client, String userId) {
		register(client, userId);
		return login(client, userId, PASSWORD);
	}

}
