package dev.postsapi.auth;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's sessions as devices: listed, most recently used first, and ended one by
 * one.
 */
@IntegrationTest
class DevicesIntegrationTests {

	@Autowired
	RestTestClient client;

	@LocalServerPort
	int port;

	@Test
	void listThenLiveSessionsMostRecentlyUsedFirstWithTheCallersMarked() throws Exception {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("devices"));
		Tokens phone = login(user, "Phone/1.0");
		Tokens laptop = login(user, "Laptop/2.0");
		Tokens ended = login(user, "Old/0.1");
		this.client.post()
			.uri("/logout")
			.header("Authorization", ended.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		Accounts.register(this.client, Accounts.uniqueUserId("other"));
		Thread.sleep(5); // the refresh must be later than the laptop's login
		// refreshing moves the phone's session ahead of the laptop's, and the session
		// shows where and with what it was last used (a thief's refresh would show)
		Tokens refreshed = Accounts.refresh(this.client, phone.refreshToken(), "User-Agent", "Phone/1.1");
		for (String path : List.of("/users/me/sessions", "/users/me/sessions/")) {
			List<Map<String, Object>> sessions = list(laptop, path);
			assertThat(sessions).hasSize(2);
			assertThat(sessions).map(session -> session.get("user_agent")).containsExactly("Phone/1.1", "Laptop/2.0");
			assertThat(sessions).map(session -> session.get("current")).containsExactly(false, true);
			Map<String, Object> first = sessions.get(0);
			assertThat(first.keySet()).containsExactlyInAnyOrder("session_id", "created_at", "last_used_at",
					"expires_at", "ip_address", "user_agent", "current");
			assertThat(first.get("ip_address")).isEqualTo("127.0.0.1");
			assertThat(first.get("session_id")).isEqualTo(sid(refreshed.accessToken()));
			assertThat(first.get("last_used_at").toString()).isGreaterThan(first.get("created_at").toString())
				.endsWith("Z");
			assertThat(sessions.get(1).get("last_used_at")).isEqualTo(sessions.get(1).get("created_at"));
		}
	}

	@Test
	void loginWhenTheUserAgentIsUtf8ThenAcceptedAndKeptAsTheClientMeantIt() throws Exception {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("utf8agent"));
		String meant = "App/1.0 (Alice\u2019s iPhone X\u0280 \uD83D\uDE00; M\u00fcller)";
		// its UTF-8 bytes on the wire (no HTTP client here sends them), which Tomcat
		// reads one character each (the apostrophe's last two as C1 controls)
		String form = "username=" + user + "&password=" + Accounts.PASSWORD;
		String answer;
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write(("POST /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: " + meant
						+ "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
						+ "\r\n\r\n" + form)
					.getBytes(StandardCharsets.UTF_8));
			answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(answer).startsWith("HTTP/1.1 200");
		Matcher accessToken = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(answer);
		assertThat(accessToken.find()).isTrue();
		Tokens tokens = new Tokens(accessToken.group(1), "");
		assertThat(list(tokens, "/users/me/sessions")).map(session -> session.get("user_agent")).containsExactly(meant);
		assertThat(list(tokens, "/users/me/security-events")).first()
			.satisfies(event -> assertThat(event).containsEntry("type", "login_succeeded")
				.containsEntry("user_agent", meant));
	}

	@Test
	void endWhenOwnOtherSessionThen204AndItsTokensFailWhileTheCallersWork() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("endone"));
		Tokens phone = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		Tokens laptop = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		assertThat(end(laptop, sid(phone.accessToken()))).isEqualTo(204);
		assertThat(Accounts.meStatus(this.client, phone)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, phone.refreshToken())).isEqualTo(401);
		assertThat(Accounts.meStatus(this.client, laptop)).isEqualTo(200);
		assertThat(list(laptop, "/users/me/sessions")).hasSize(1);
		// already ended: nothing to end
		assertThat(end(laptop, sid(phone.accessToken()))).isEqualTo(404);
		// the caller's own, with a trailing slash
		assertThat(this.client.delete()
			.uri("/users/me/sessions/" + sid(laptop.accessToken()) + "/")
			.header("Authorization", laptop.bearer())
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(204);
		assertThat(Accounts.meStatus(this.client, laptop)).isEqualTo(401);
	}

	@Test
	void endWhenAnotherUsersOrUnknownSessionThen404AndNothingEnds() {
		Tokens alice = Accounts.loginForTokens(this.client,
				Accounts.register(this.client, Accounts.uniqueUserId("alice")), Accounts.PASSWORD);
		Tokens mallory = Accounts.loginForTokens(this.client,
				Accounts.register(this.client, Accounts.uniqueUserId("mallory")), Accounts.PASSWORD);
		this.client.delete()
			.uri("/users/me/sessions/" + sid(alice.accessToken()))
			.header("Authorization", mallory.bearer())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No such session");
		assertThat(end(mallory, UUID.randomUUID().toString())).isEqualTo(404);
		assertThat(Accounts.meStatus(this.client, alice)).isEqualTo(200);
		assertThat(list(mallory, "/users/me/sessions")).map(session -> session.get("session_id"))
			.containsExactly(sid(mallory.accessToken()));
	}

	@Test
	void endWhenSessionIdIsNotAUuidThen422NamingIt() {
		Tokens caller = Accounts.loginForTokens(this.client,
				Accounts.register(this.client, Accounts.uniqueUserId("baduuid")), Accounts.PASSWORD);
		String own = sid(caller.accessToken());
		// its own session in other scripts' digits (Arabic-Indic, fullwidth), and in
		// Java's short form of a UUID
		String arabic = own.chars()
			.map(c -> (c >= '0' && c <= '9') ? '\u0660' + c - '0' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		String fullwidth = own.chars()
			.map(c -> (c == '-') ? c : (c <= '9') ? '\uff10' + (c - '0') : '\uff41' + (c - 'a'))
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		for (String bad : List.of("1", "not-a-uuid", "8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a1Z", arabic, fullwidth,
				"1-1-1-1-1")) {
			this.client.delete()
				.uri("/users/me/sessions/" + bad)
				.header("Authorization", caller.bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("session_id")
				.jsonPath("$.errors[0].message")
				.isEqualTo("must be a valid uuid");
		}
		assertThat(Accounts.meStatus(this.client, caller)).isEqualTo(200);
	}

	@Test
	void listOrEndWhenNoTokenThen401() {
		this.client.get().uri("/users/me/sessions").exchange().expectStatus().isUnauthorized();
		this.client.delete().uri("/users/me/sessions/" + UUID.randomUUID()).exchange().expectStatus().isUnauthorized();
	}

	private Tokens login(String user, String userAgent) {
		return Accounts.loginForTokens(this.client, user, Accounts.PASSWORD, "User-Agent", userAgent);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> list(Tokens tokens, String path) {
		return this.client.get()
			.uri(path)
			.header("Authorization", tokens.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	private int end(Tokens caller, String sessionId) {
		return this.client.delete()
			.uri("/users/me/sessions/" + sessionId)
			.header("Authorization", caller.bearer())
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	static String sid(String accessToken) {
		String claims = new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		return claims.replaceFirst(".*\"sid\":\"([^\"]+)\".*", "$1");
	}

}
