package dev.postsapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static dev.postsapi.support.Problems.withoutRequestId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions over real HTTP against PostgreSQL: login, rotation, theft detection, logout
 * and password change, each seen at once. The clock is the database's, so the tests move
 * the stored times to let them pass. The reuse interval is off (strict), the default.
 */
@IntegrationTest
class SessionsIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	SessionService housekeeping;

	String user;

	@BeforeEach
	void aUser() {
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("session"));
	}

	@Test
	void loginThenRefreshTokenStoredOnlyAsHashAndAccessTokenNamingTheSession() throws Exception {
		Tokens tokens = login();
		assertThat(Base64.getUrlDecoder().decode(tokens.refreshToken())).hasSize(32);
		String sid = claims(tokens.accessToken()).get("sid").toString();
		assertThat(
				this.jdbc.queryForObject("select user_id from sessions where session_id = ?::uuid", String.class, sid))
			.isEqualTo(this.user);
		byte[] stored = this.jdbc.queryForObject("select token_hash from refresh_tokens where session_id = ?::uuid",
				byte[].class, sid);
		assertThat(stored).isEqualTo(
				MessageDigest.getInstance("SHA-256").digest(tokens.refreshToken().getBytes(StandardCharsets.UTF_8)));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from refresh_tokens where encode(token_hash, 'escape') like ?", Integer.class,
				"%" + tokens.refreshToken() + "%"))
			.isZero();
	}

	@Test
	void refreshThenNewPairThatWorksAndNoStore() {
		Tokens first = login();
		EntityExchangeResult<Map> answer = this.client.post()
			.uri("/token/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", first.refreshToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(Map.class)
			.returnResult();
		Tokens second = Tokens.of(answer.getResponseBody());
		assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
		assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
		assertThat(answer.getResponseBody().get("expires_in")).isEqualTo(600);
		assertThat(me(second)).isEqualTo(200);
		// the same session: the first access token still works until it expires
		assertThat(me(first)).isEqualTo(200);
		assertThat(claims(second.accessToken()).get("sid")).isEqualTo(claims(first.accessToken()).get("sid"));
	}

	@Test
	void refreshWhenFormOrOAuth2GrantOnLoginOrTrailingSlashThenSameExchange() {
		Tokens tokens = login();
		tokens = refreshed(this.client.post()
			.uri("/token/refresh/")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("refresh_token", tokens.refreshToken())));
		tokens = refreshed(this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "refresh_token", "refresh_token", tokens.refreshToken())));
		assertThat(me(tokens)).isEqualTo(200);
	}

	@Test
	void refreshWhenRotatedTokenPresentedAgainThen401AndItsWholeSessionEndsButAnotherLives() {
		Tokens stolen = login();
		Tokens otherDevice = login();
		Tokens rotated = refresh(stolen.refreshToken());

		assertInvalidRefresh(stolen.refreshToken());

		// the revocation was committed although the answer was an error
		assertThat(me(stolen)).isEqualTo(401);
		assertThat(me(rotated)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, rotated.refreshToken())).isEqualTo(401);
		assertThat(me(otherDevice)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, otherDevice.refreshToken())).isEqualTo(200);
	}

	@Test
	void refreshWhenTwentyConcurrentWithOneTokenThenExactlyOneSucceedsAndTheSessionEnds() throws Exception {
		Tokens tokens = login();
		List<Integer> statuses = Concurrently.run(20, i -> Accounts.refreshStatus(this.client, tokens.refreshToken()));
		assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 401).hasSize(19);
		// strict mode: the others were replays of a used token, so the session is revoked
		assertThat(me(tokens)).isEqualTo(401);
		assertThat(this.jdbc.queryForObject("select count(*) from refresh_tokens r join sessions s using (session_id) "
				+ "where s.user_id = ? and r.parent_hash is not null", Integer.class, this.user))
			.isOne();
	}

	@Test
	void refreshWhenUnknownMalformedAccessTokenOrOfEndedSessionThenTheSame401() {
		Tokens tokens = login();
		Tokens loggedOut = login();
		logout(loggedOut, null);
		String unknown = withoutRequestId(invalidRefresh("3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
		assertThat(withoutRequestId(invalidRefresh("not a token at all"))).isEqualTo(unknown);
		assertThat(withoutRequestId(invalidRefresh(tokens.accessToken()))).isEqualTo(unknown);
		assertThat(withoutRequestId(invalidRefresh(loggedOut.refreshToken()))).isEqualTo(unknown);
		assertThat(me(tokens)).isEqualTo(200);
	}

	@Test
	void refreshWhenFieldMissingThen422NamingIt() {
		for (var request : List.of(
				this.client.post().uri("/token/refresh").contentType(MediaType.APPLICATION_JSON).body("{}"),
				this.client.post().uri("/token/refresh").contentType(MediaType.APPLICATION_FORM_URLENCODED).body(""),
				this.client.post()
					.uri("/login")
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(form("grant_type", "refresh_token")))) {
			request.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("refresh_token");
		}
	}

	@Test
	void refreshGrantOnLoginWhenTokenUnknownOrUsedThen400InvalidGrantWhereTokenRefreshSays401() {
		Tokens used = login();
		Tokens rotated = refresh(used.refreshToken());
		String unknown = "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
		assertInvalidGrant(unknown);
		assertThat(Accounts.refreshStatus(this.client, unknown)).isEqualTo(401);
		assertInvalidGrant(used.refreshToken());
		// a replay on /login is still theft: the whole session ended
		assertThat(me(rotated)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, used.refreshToken())).isEqualTo(401);
	}

	@Test
	void loginWhenUnknownGrantTypeThen422NamingIt() {
		this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "client_credentials", "username", this.user, "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("grant_type");
	}

	@Test
	void refreshWhenRefreshTokenExpiredThen401WhileTheSessionLives() {
		Tokens tokens = login();
		this.jdbc.update(
				"update refresh_tokens set expires_at = now() - interval '1 second' where session_id = ?::uuid",
				sid(tokens));
		assertInvalidRefresh(tokens.refreshToken());
		assertThat(me(tokens)).isEqualTo(200);
	}

	@Test
	void sessionWhenPastItsAbsoluteLifetimeThenAccessAndRefreshRefused() {
		Tokens tokens = login();
		this.jdbc.update("update sessions set expires_at = now() - interval '1 second' where session_id = ?::uuid",
				sid(tokens));
		assertThat(me(tokens)).isEqualTo(401);
		assertInvalidRefresh(tokens.refreshToken());
	}

	@Test
	void refreshWhenSessionEndsSoonThenNewRefreshTokenEndsWithIt() {
		Tokens tokens = login();
		this.jdbc.update("update sessions set expires_at = now() + interval '1 minute' where session_id = ?::uuid",
				sid(tokens));
		Tokens next = refresh(tokens.refreshToken());
		assertThat(this.jdbc.queryForObject("""
				select bool_and(r.expires_at <= s.expires_at) from refresh_tokens r join sessions s using (session_id)
				where s.session_id = ?::uuid and r.parent_hash is not null""", Boolean.class, sid(next))).isTrue();
	}

	@Test
	void logoutThenAccessTokenRefusedAtOnceAndRefreshTokenDead() {
		Tokens tokens = login();
		assertThat(me(tokens)).isEqualTo(200);
		logout(tokens, null);
		assertThat(me(tokens)).isEqualTo(401);
		assertInvalidRefresh(tokens.refreshToken());
		// and again with a trailing slash: the token is no longer accepted at all, and
		// the challenge says no more than of any bad token
		this.client.post()
			.uri("/logout/")
			.header("Authorization", tokens.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", challenge -> assertThat(challenge).contains("error=\"invalid_token\"")
				.contains("error_description=\"The token is invalid\""));
	}

	@Test
	void logoutWithARefreshTokenOfTheCallersOtherSessionThenBothEnd() {
		Tokens here = login();
		Tokens there = login();
		logout(here, there.refreshToken());
		assertThat(me(here)).isEqualTo(401);
		assertThat(me(there)).isEqualTo(401);
	}

	@Test
	void logoutWithSomeoneElsesRefreshTokenThen204AndTheirSessionLives() {
		Tokens mine = login();
		String other = Accounts.register(this.client, Accounts.uniqueUserId("other"));
		Tokens theirs = Accounts.loginForTokens(this.client, other, Accounts.PASSWORD);
		logout(mine, theirs.refreshToken());
		assertThat(me(theirs)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, theirs.refreshToken())).isEqualTo(200);
	}

	@Test
	void logoutAllThenEverySessionOfTheCallerEndsAndNoOneElses() {
		Tokens first = login();
		Tokens second = login();
		String other = Accounts.register(this.client, Accounts.uniqueUserId("bystander"));
		Tokens bystander = Accounts.loginForTokens(this.client, other, Accounts.PASSWORD);
		this.client.post()
			.uri("/logout/all")
			.header("Authorization", first.bearer())
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();
		assertThat(me(first)).isEqualTo(401);
		assertThat(me(second)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, second.refreshToken())).isEqualTo(401);
		assertThat(me(bystander)).isEqualTo(200);
	}

	@Test
	void logoutWhenNoTokenThen401() {
		this.client.post().uri("/logout").exchange().expectStatus().isUnauthorized();
		this.client.post().uri("/logout/all").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void changePasswordThenOtherSessionsEndThisOneLivesAndOnlyTheNewPasswordLogsIn() {
		Tokens caller = login();
		Tokens other = login();
		changePassword(caller, Accounts.PASSWORD, "a_new_password").expectStatus().isNoContent();
		assertThat(me(caller)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, caller.refreshToken())).isEqualTo(200);
		assertThat(me(other)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, other.refreshToken())).isEqualTo(401);
		loginStatus(Accounts.PASSWORD, 401);
		loginStatus("a_new_password", 200);
	}

	@Test
	void changePasswordWhenCurrentPasswordWrongThen403AndNothingChanges() {
		Tokens caller = login();
		Tokens other = login();
		changePassword(caller, "not_my_password", "a_new_password").expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(me(other)).isEqualTo(200);
		loginStatus(Accounts.PASSWORD, 200);
		loginStatus("a_new_password", 401);
	}

	@Test
	void changePasswordWhenNewPasswordBreaksTheRulesThen422NamingIt() {
		Tokens caller = login();
		for (String body : List.of("{\"current_password\":\"" + Accounts.PASSWORD + "\",\"new_password\":\"short\"}",
				"{\"current_password\":\"" + Accounts.PASSWORD + "\",\"new_password\":\"" + "€".repeat(25) + "\"}",
				"{\"current_password\":\"" + Accounts.PASSWORD + "\"}")) {
			this.client.put()
				.uri("/users/me/password")
				.header("Authorization", caller.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("new_password");
		}
		loginStatus(Accounts.PASSWORD, 200);
	}

	@Test
	void changePasswordWhenNoTokenThen401() {
		this.client.put()
			.uri("/users/me/password/")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"current_password\":\"x\",\"new_password\":\"yyyyyyyy\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void housekeepingThenExpiredSessionsAndTokensGoAndLiveOnesStay() {
		Tokens expired = login();
		Tokens live = login();
		this.jdbc.update("update sessions set expires_at = now() - interval '1 second' where session_id = ?::uuid",
				sid(expired));
		this.jdbc.update(
				"update refresh_tokens set expires_at = now() - interval '1 second' where session_id = ?::uuid",
				sid(expired));
		this.housekeeping.deleteExpired();
		this.housekeeping.deleteExpired(); // idempotent
		assertThat(this.jdbc.queryForObject("select count(*) from sessions where session_id = ?::uuid", Integer.class,
				sid(expired)))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from refresh_tokens where session_id = ?::uuid",
				Integer.class, sid(expired)))
			.isZero();
		assertThat(me(live)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, live.refreshToken())).isEqualTo(200);
	}

	@Test
	void deletingTheUserThenItsSessionsAndTokensGo() {
		Tokens tokens = login();
		this.jdbc.update("delete from users where user_id = ?", this.user);
		assertThat(
				this.jdbc.queryForObject("select count(*) from sessions where user_id = ?", Integer.class, this.user))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from refresh_tokens where session_id = ?::uuid",
				Integer.class, sid(tokens)))
			.isZero();
		assertThat(me(tokens)).isEqualTo(401);
	}

	private Tokens login() {
		return Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
	}

	private void loginStatus(String password, int expected) {
		assertThat(Accounts.loginStatus(this.client, this.user, password)).isEqualTo(expected);
	}

	private int me(Tokens tokens) {
		return Accounts.meStatus(this.client, tokens);
	}

	private Tokens refresh(String refreshToken) {
		return refreshed(this.client.post()
			.uri("/token/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", refreshToken)));
	}

	private Tokens refreshed(RestTestClient.RequestHeadersSpec<?> request) {
		return Tokens
			.of(request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody());
	}

	private void assertInvalidRefresh(String refreshToken) {
		invalidRefresh(refreshToken);
	}

	/** The 401 of an unusable refresh token; returns its body, to compare answers. */
	private byte[] invalidRefresh(String refreshToken) {
		return this.client.post()
			.uri("/token/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", header -> assertThat(header).startsWith("Bearer error=\"invalid_token\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not validate credentials")
			.returnResult()
			.getResponseBody();
	}

	/** RFC 6749's answer to an unusable grant at the token endpoint. */
	private void assertInvalidGrant(String refreshToken) {
		this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "refresh_token", "refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_grant")
			.jsonPath("$.status")
			.isEqualTo(400);
	}

	private void logout(Tokens tokens, String refreshToken) {
		var request = this.client.post().uri("/logout").header("Authorization", tokens.bearer());
		if (refreshToken != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(Map.of("refresh_token", refreshToken));
		}
		request.exchange().expectStatus().isNoContent().expectBody().isEmpty();
	}

	private RestTestClient.ResponseSpec changePassword(Tokens tokens, String current, String next) {
		return this.client.put()
			.uri("/users/me/password")
			.header("Authorization", tokens.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", current, "new_password", next))
			.exchange();
	}

	private Map<?, ?> claims(String accessToken) {
		return this.json.readValue(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), Map.class);
	}

	private String sid(Tokens tokens) {
		return claims(tokens.accessToken()).get("sid").toString();
	}

}
