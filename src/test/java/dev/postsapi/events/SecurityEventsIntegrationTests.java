package dev.postsapi.events;

import java.net.Socket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.postsapi.support.Accounts.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security events over real HTTP against PostgreSQL: each action records its event with
 * the client's address (behind a trusted proxy, this process, so each test chooses it
 * with {@code X-Forwarded-For}), user agent and session; each user reads only their own;
 * a flood of guesses stays bounded. Small limits and a cap of two sessions per account.
 */
@IntegrationTest
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1",
		"auth.limits.login-failures-per-account-and-address=3", "auth.limits.login-failures-per-address=50",
		"auth.limits.login-failures-per-account=5", "auth.session.max-per-user=2" })
class SecurityEventsIntegrationTests {

	private static final String USER_AGENT = "EventsTest/1.0 (a browser)";

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	SecurityEvents events;

	@Autowired
	TransactionTemplate transactions;

	String user;

	String address;

	@LocalServerPort
	int port;

	@BeforeEach
	void aUserAndAnAddressOfTheirOwn() {
		this.jdbc.update("delete from rate_limits");
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("evented"));
		this.address = "198.51.100." + (int) (Math.random() * 250 + 1);
	}

	@Test
	void failedLoginWhenTheAccountWasDeletedMeanwhileThenCountedAsAnUnknownNameNotAFailure() {
		// a wrong password racing the account's deletion was a 409 that told the account
		// had just existed: its event failed on the foreign key
		double unknown = counted("login_failed", "unknown");
		this.events.record("deleted_" + UUID.randomUUID().toString().substring(0, 8), SecurityEventType.LOGIN_FAILED,
				null);
		assertThat(counted("login_failed", "unknown")).isEqualTo(unknown + 1);
	}

	@Test
	void loginWhenSucceededThenLoginSucceededWithAddressUserAgentAndSession() {
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		List<Map<String, Object>> own = ownEvents(tokens);
		assertThat(own).hasSize(1);
		Map<String, Object> event = own.getFirst();
		assertThat(event).containsOnlyKeys("type", "occurred_at", "ip_address", "user_agent", "session_id")
			.containsEntry("type", "login_succeeded")
			.containsEntry("ip_address", this.address)
			.containsEntry("user_agent", USER_AGENT)
			.containsEntry("session_id", sessionId(tokens).toString());
		assertThat(this.jdbc.queryForObject(
				"select abs(extract(epoch from occurred_at - now())) < 60 from security_events where user_id = ?",
				Boolean.class, this.user))
			.isTrue();
	}

	@Test
	void loginWhenWrongPasswordThenLoginFailedWithNoSessionAndNewestFirst() {
		assertThat(loginStatus(this.user, "wrong_password", this.address)).isEqualTo(401);
		Tokens tokens = login(this.user, Accounts.PASSWORD, "203.0.113.77");
		List<Map<String, Object>> own = ownEvents(tokens);
		assertThat(own).extracting(e -> e.get("type")).containsExactly("login_succeeded", "login_failed");
		assertThat(own.get(1)).containsEntry("ip_address", this.address)
			.containsEntry("user_agent", USER_AGENT)
			.containsEntry("session_id", null);
	}

	@Test
	void loginWhenUnknownUsernameThenNothingStoredButCounted() {
		long stored = storedEvents();
		double counted = counted("login_failed", "unknown");
		for (int i = 0; i < 3; i++) {
			assertThat(loginStatus("nobody_" + i + "_" + this.user, "wrong_password", this.address)).isEqualTo(401);
		}
		assertThat(storedEvents()).isEqualTo(stored);
		assertThat(counted("login_failed", "unknown")).isEqualTo(counted + 3);
	}

	@Test
	void loginWhenThrottledThenOneLoginThrottledHoweverManyAreRefused() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(loginStatus(this.user, "wrong_password", this.address)).isEqualTo(401);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(loginStatus(this.user, Accounts.PASSWORD, this.address)).isEqualTo(429);
		}
		// and two instances refusing at once would race alike: one statement decides
		assertThat(Concurrently.run(16, i -> loginStatus(this.user, "wrong_password", this.address))).containsOnly(429);
		assertThat(typesOf(this.user)).containsExactly("login_throttled", "login_failed", "login_failed",
				"login_failed");
		assertThat(this.jdbc.queryForObject("select ip_address from security_events where user_id = ? and type = ?",
				String.class, this.user, "login_throttled"))
			.isEqualTo(this.address);
	}

	@Test
	void loginWhenAThousandWrongPasswordsFromEverywhereThenAtMostThePerAccountLimitPlusOneRows() {
		for (int i = 0; i < 1000; i++) {
			int status = loginStatus(this.user, "wrong_password", "10.20." + (i / 250) + "." + (i % 250 + 1));
			assertThat(status).isIn(401, 429);
		}
		List<String> types = typesOf(this.user);
		assertThat(types).hasSizeLessThanOrEqualTo(5 + 1);
		assertThat(types).containsExactly("login_throttled", "login_failed", "login_failed", "login_failed",
				"login_failed", "login_failed");
	}

	@Test
	void loginWhenAThousandGuessesAtUnknownUsernamesThenNoRowIsWritten() {
		long stored = storedEvents();
		for (int i = 0; i < 1000; i++) {
			int status = loginStatus("guess_" + i + "_" + this.user, "wrong_password",
					"10.30." + (i / 250) + "." + (i % 250 + 1));
			assertThat(status).isEqualTo(401);
		}
		assertThat(storedEvents()).isEqualTo(stored);
	}

	@Test
	void logoutThenLogoutOfTheSessionAndSessionRevokedOfTheOneItsRefreshTokenNames() {
		Tokens other = login(this.user, Accounts.PASSWORD, this.address);
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		this.client.post()
			.uri("/logout")
			.header("Authorization", tokens.bearer())
			.header("User-Agent", USER_AGENT)
			.header("X-Forwarded-For", "203.0.113.5")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", other.refreshToken()))
			.exchange()
			.expectStatus()
			.isNoContent();
		List<Map<String, Object>> own = ownEvents(login(this.user, Accounts.PASSWORD, this.address));
		assertThat(own.subList(1, 3)).extracting(e -> e.get("type"), e -> e.get("session_id"), e -> e.get("ip_address"))
			.containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("logout", sessionId(tokens).toString(), "203.0.113.5"),
					org.assertj.core.groups.Tuple.tuple("session_revoked", sessionId(other).toString(), "203.0.113.5"));
	}

	@Test
	void logoutEverywhereThenLogoutOfTheCallersSessionAndSessionRevokedOfTheOthers() {
		Tokens other = login(this.user, Accounts.PASSWORD, this.address);
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		Accounts.logoutEverywhere(this.client, tokens);
		assertThat(eventsOf(this.user).subList(0, 2)).containsExactlyInAnyOrder(
				List.of("logout", sessionId(tokens).toString()),
				List.of("session_revoked", sessionId(other).toString()));
	}

	@Test
	void changePasswordThenPasswordChangedAndTheOtherSessionsRevoked() {
		Tokens other = login(this.user, Accounts.PASSWORD, this.address);
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(changePassword(tokens, "wrong_password")).isEqualTo(403);
		assertThat(changePassword(tokens, Accounts.PASSWORD)).isEqualTo(204);
		assertThat(eventsOf(this.user).subList(0, 3)).containsExactlyInAnyOrder(
				List.of("password_changed", sessionId(tokens).toString()),
				List.of("session_revoked", sessionId(other).toString()),
				List.of("login_failed", sessionId(tokens).toString()));
		assertThat(ownEvents(tokens).getFirst()).containsEntry("user_agent", USER_AGENT)
			.containsEntry("ip_address", this.address);
	}

	@Test
	void refreshWhenATokenIsReplayedThenRefreshTokenReuseDetected() {
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(Accounts.refreshStatus(this.client, tokens.refreshToken())).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, tokens.refreshToken())).isEqualTo(401);
		assertThat(eventsOf(this.user).getFirst())
			.isEqualTo(List.of("refresh_token_reuse_detected", sessionId(tokens).toString()));
	}

	@Test
	void loginWhenPastTheSessionCapThenSessionRevokedOfTheOldest() {
		Tokens first = login(this.user, Accounts.PASSWORD, this.address);
		login(this.user, Accounts.PASSWORD, this.address);
		Tokens third = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(eventsOf(this.user).subList(0, 2)).containsExactlyInAnyOrder(
				List.of("login_succeeded", sessionId(third).toString()),
				List.of("session_revoked", sessionId(first).toString()));
	}

	@Test
	void listWhenAnotherUserActedThenOnlyTheCallersOwnEvents() {
		String other = Accounts.register(this.client, Accounts.uniqueUserId("other"));
		loginStatus(other, "wrong_password", this.address);
		login(other, Accounts.PASSWORD, this.address);
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(ownEvents(tokens)).singleElement().satisfies(event -> {
			assertThat(event).containsEntry("type", "login_succeeded");
			assertThat(event).containsEntry("session_id", sessionId(tokens).toString());
		});
	}

	@Test
	void listWhenPagedThenLimitAndOffsetNewestFirst() {
		for (int i = 0; i < 2; i++) {
			loginStatus(this.user, "wrong_password", this.address);
		}
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(ownEvents(tokens, "?limit=1")).extracting(e -> e.get("type")).containsExactly("login_succeeded");
		assertThat(ownEvents(tokens, "?limit=5&offset=1")).extracting(e -> e.get("type"))
			.containsExactly("login_failed", "login_failed");
		assertThat(ownEvents(tokens, "/?offset=3")).isEmpty();
	}

	@Test
	void listWhenLimitOrOffsetOutOfRangeThen422NamingTheField() {
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		for (String query : List.of("?limit=0", "?limit=1001", "?offset=-1", "?limit=abc")) {
			Map<?, ?> problem = this.client.get()
				.uri("/users/me/security-events" + query)
				.header("Authorization", tokens.bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(422)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			assertThat(problem.get("detail")).isInstanceOf(String.class);
			assertThat((List<?>) problem.get("errors")).singleElement()
				.satisfies(error -> assertThat(((Map<?, ?>) error).get("field")).isIn("limit", "offset"));
		}
	}

	@Test
	void listWhenNoTokenThen401() {
		this.client.get().uri("/users/me/security-events").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/admin/security-events").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void adminListWhenNotAnAdminThen403WithoutEvents() {
		loginStatus(this.user, "wrong_password", this.address);
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		for (String query : List.of("", "?user_id=" + this.user, "?type=login_failed", "?type=bogus")) {
			this.client.get()
				.uri("/admin/security-events" + query)
				.header("Authorization", tokens.bearer())
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void adminListThenEveryAccountsEventsFilteredByUserAndType() {
		String other = Accounts.register(this.client, Accounts.uniqueUserId("other"));
		loginStatus(other, "wrong_password", this.address);
		login(other, Accounts.PASSWORD, this.address);
		loginStatus(this.user, "wrong_password", this.address);
		assertThat(this.events.listAll(other, null, 100, 0)).extracting(AdminSecurityEventResponse::type)
			.containsExactly(SecurityEventType.LOGIN_SUCCEEDED, SecurityEventType.LOGIN_FAILED);
		assertThat(this.events.listAll(null, SecurityEventType.LOGIN_FAILED, 2, 0))
			.extracting(AdminSecurityEventResponse::userId)
			.containsExactly(this.user, other);
		assertThat(this.events.listAll(other, SecurityEventType.LOGIN_FAILED, 100, 0)).singleElement()
			.satisfies(event -> assertThat(event.ipAddress()).isEqualTo(this.address));
		assertThat(this.events.listAll("nobody_" + other, null, 100, 0)).isEmpty();
	}

	@Test
	void adminListWhenAnAdminThenEveryAccountsEventsWithUserIdFilteredAndValidated() {
		String admin = Accounts.register(this.client, Accounts.uniqueUserId("admin"));
		this.jdbc.update("update users set roles = '{admin}' where user_id = ?", admin);
		Tokens tokens = login(admin, Accounts.PASSWORD, "203.0.113.1");
		loginStatus(this.user, "wrong_password", this.address);
		login(this.user, Accounts.PASSWORD, this.address);
		assertThat(adminEvents(tokens, "?user_id=" + this.user + "&type=login_failed")).singleElement()
			.satisfies(event -> assertThat(event)
				.containsOnlyKeys("user_id", "type", "occurred_at", "ip_address", "user_agent", "session_id")
				.containsEntry("user_id", this.user)
				.containsEntry("type", "login_failed")
				.containsEntry("ip_address", this.address));
		// the parameters given empty, as a form sends them: no filter
		assertThat(adminEvents(tokens, "?user_id=&type=&limit=&offset=")).extracting(e -> e.get("user_id"))
			.contains(this.user, admin);
		assertThat(adminEvents(tokens, "/?limit=2")).extracting(e -> e.get("user_id"), e -> e.get("type"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple(this.user, "login_succeeded"),
					org.assertj.core.groups.Tuple.tuple(this.user, "login_failed"));
		for (String query : List.of("?type=bogus", "?type=LOGIN_FAILED", "?limit=0", "?offset=-1")) {
			this.client.get()
				.uri("/admin/security-events" + query)
				.header("Authorization", tokens.bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.value(field -> assertThat(field).isIn("type", "limit", "offset"));
		}
	}

	@Test
	void readsThenNoEventIsWritten() {
		Tokens tokens = login(this.user, Accounts.PASSWORD, this.address);
		long stored = storedEvents();
		assertThat(Accounts.meStatus(this.client, tokens)).isEqualTo(200);
		ownEvents(tokens);
		this.client.get().uri("/posts/all").header("Authorization", tokens.bearer()).exchange().expectStatus().isOk();
		assertThat(storedEvents()).isEqualTo(stored);
	}

	@Test
	void recordWhenTheActionRollsBackThenTheEventGoesWithItAndIsNotCounted() {
		double counted = counted("password_changed", "known");
		this.transactions.executeWithoutResult(status -> {
			this.events.record(this.user, SecurityEventType.PASSWORD_CHANGED, null);
			status.setRollbackOnly();
		});
		assertThat(typesOf(this.user)).isEmpty();
		assertThat(counted("password_changed", "known")).isEqualTo(counted);
		this.transactions.executeWithoutResult(status -> this.events
			.on(new SecurityEvent(this.user, SecurityEventType.PASSWORD_CHANGED, UUID.randomUUID())));
		assertThat(typesOf(this.user)).containsExactly("password_changed");
		assertThat(counted("password_changed", "known")).isEqualTo(counted + 1);
	}

	@Test
	void deleteExpiredThenEventsPastTheRetentionGoAndNewerStay() {
		login(this.user, Accounts.PASSWORD, this.address);
		this.jdbc.update("""
				insert into security_events (user_id, type, occurred_at) values
				  (?, 'logout', now() - interval '91 days'), (?, 'logout', now() - interval '89 days')""", this.user,
				this.user);
		assertThat(this.events.deleteExpired()).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.queryForList(
				"select round(extract(epoch from now() - occurred_at) / 86400)::int from security_events where user_id = ? order by occurred_at",
				Integer.class, this.user))
			.containsExactly(89, 0);
	}

	@Test
	void userDeletedThenTheirEventsGoWithThem() {
		login(this.user, Accounts.PASSWORD, this.address);
		this.jdbc.update("delete from users where user_id = ?", this.user);
		assertThat(typesOf(this.user)).isEmpty();
	}

	/**
	 * Where a session was last refreshed from shows in its owner's device list (a thief's
	 * refresh too); a refresh that sends no User-Agent keeps the one before.
	 */
	@Test
	void refreshFromElsewhereThenTheDeviceListShowsWhere() throws IOException {
		Tokens owner = login(this.user, Accounts.PASSWORD, this.address);
		Tokens thief = Accounts.refresh(this.client, owner.refreshToken(), "X-Forwarded-For", "203.0.113.66",
				"User-Agent", "Thief/1.0");
		assertThat(session(thief)).containsEntry("ip_address", "203.0.113.66").containsEntry("user_agent", "Thief/1.0");
		// without a User-Agent (every HTTP client here sends one: a request by hand)
		String body = "{\"refresh_token\":\"" + thief.refreshToken() + "\"}";
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write(("POST /token/refresh HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + this.address
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
						+ "\r\nConnection: close\r\n\r\n" + body)
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.startsWith("HTTP/1.1 200");
		}
		assertThat(session(thief)).containsEntry("ip_address", this.address).containsEntry("user_agent", "Thief/1.0");
	}

	/** The user's one live session, as the device list shows it. */
	private Map<String, Object> session(Tokens tokens) {
		List<Map<String, Object>> sessions = events(tokens, "/users/me/sessions");
		assertThat(sessions).hasSize(1);
		return sessions.getFirst();
	}

	private Tokens login(String username, String password, String address) {
		EntityExchangeResult<Map> result = loginResult(username, password, address);
		assertThat(result.getStatus().value()).isEqualTo(200);
		return Tokens.of(result.getResponseBody());
	}

	private int loginStatus(String username, String password, String address) {
		return loginResult(username, password, address).getStatus().value();
	}

	private EntityExchangeResult<Map> loginResult(String username, String password, String address) {
		return this.client.post()
			.uri("/login")
			.header("X-Forwarded-For", address)
			.header("User-Agent", USER_AGENT)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", username, "password", password))
			.exchange()
			.expectBody(Map.class)
			.returnResult();
	}

	private int changePassword(Tokens tokens, String currentPassword) {
		return this.client.put()
			.uri("/users/me/password")
			.header("Authorization", tokens.bearer())
			.header("X-Forwarded-For", this.address)
			.header("User-Agent", USER_AGENT)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", currentPassword, "new_password", Accounts.PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private List<Map<String, Object>> ownEvents(Tokens tokens) {
		return ownEvents(tokens, "");
	}

	private List<Map<String, Object>> ownEvents(Tokens tokens, String query) {
		return events(tokens, "/users/me/security-events" + query);
	}

	private List<Map<String, Object>> adminEvents(Tokens tokens, String query) {
		return events(tokens, "/admin/security-events" + query);
	}

	private List<Map<String, Object>> events(Tokens tokens, String uri) {
		return this.client.get()
			.uri(uri)
			.header("Authorization", tokens.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
	}

	/** The user's events as stored, newest first: types. */
	private List<String> typesOf(String userId) {
		return this.jdbc.queryForList(
				"select type from security_events where user_id = ? order by occurred_at desc, event_id desc",
				String.class, userId);
	}

	/** The user's events as stored, newest first: type and session. */
	private List<List<String>> eventsOf(String userId) {
		return this.jdbc.query(
				"select type, session_id from security_events where user_id = ? order by occurred_at desc, event_id desc",
				(row, n) -> java.util.Arrays.asList(row.getString(1), row.getString(2)), userId);
	}

	private long storedEvents() {
		return this.jdbc.queryForObject("select count(*) from security_events", Long.class);
	}

	private double counted(String type, String account) {
		return this.meters.get("auth.security.events").tag("type", type).tag("account", account).counter().count();
	}

	/** The access token's sid claim. */
	private static UUID sessionId(Tokens tokens) {
		String payload = new String(Base64.getUrlDecoder().decode(tokens.accessToken().split("\\.")[1]),
				StandardCharsets.UTF_8);
		return UUID.fromString(JSON.readTree(payload).get("sid").asString());
	}

}
