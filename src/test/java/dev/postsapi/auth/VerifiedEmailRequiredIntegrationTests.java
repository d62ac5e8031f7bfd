package dev.postsapi.auth;

import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.TestMailServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code AUTH_REQUIRE_VERIFIED_EMAIL=true}: login waits for a proven address. */
@IntegrationTest
@TestPropertySource(properties = "auth.require-verified-email=true")
class VerifiedEmailRequiredIntegrationTests {

	static final TestMailServer mail = TestMailServer.shared();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void loginWhenAddressUnverifiedThen403ForTheRightPasswordOnlyAnd200OnceVerified() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("unproven"));
		assertRefusedAsUnverified(this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(Accounts.form("username", user, "password", Accounts.PASSWORD)));
		assertThat(Accounts.loginStatus(this.client, user, "wrong_password")).isEqualTo(401);
		assertThat(Accounts.loginStatus(this.client, "nobody_" + user, Accounts.PASSWORD)).isEqualTo(401);
		// the refused right password is a failed login in the account's events, as the
		// wrong one is
		assertThat(this.jdbc.queryForObject(
				"select count(*) from security_events where user_id = ? and type = 'login_failed'", Integer.class,
				user))
			.isEqualTo(2);
		String token = TestMailServer.token(mail.awaitMailTo(user + "@example.com"));
		Outbox.awaitEmpty(this.jdbc);
		this.client.post()
			.uri("/email/verify")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", token))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void refreshWhenTheSessionIsOfAnUnverifiedAddressThen403AndItsTokenWorksOnceVerified() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("before"));
		// a session opened before the setting was switched on
		this.jdbc.update("update users set email_verified = true where user_id = ?", user);
		Tokens session = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		this.jdbc.update("update users set email_verified = false where user_id = ?", user);

		assertRefusedAsUnverified(this.client.post()
			.uri("/token/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", session.refreshToken())));
		// its access token still asks for a new verification mail
		this.client.post()
			.uri("/users/me/email-verification")
			.header("Authorization", "Bearer " + session.accessToken())
			.exchange()
			.expectStatus()
			.isAccepted();
		// the OAuth2 refresh grant on /login alike
		assertRefusedAsUnverified(this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(Accounts.form("grant_type", "refresh_token", "refresh_token", session.refreshToken())));
		this.jdbc.update("update users set email_verified = true where user_id = ?", user);
		assertThat(Accounts.refreshStatus(this.client, session.refreshToken())).isEqualTo(200);
	}

	@Test
	void resetWhenAddressUnverifiedThenTheResetLinkProvesItAndLoginWorks() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("lostmail"));
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(403);
		this.client.post()
			.uri("/password/forgot")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", user + "@example.com"))
			.exchange()
			.expectStatus()
			.isAccepted();
		String token = TestMailServer
			.token(mail.awaitMailsTo(user + "@example.com", 2, java.time.Duration.ofSeconds(20))
				.stream()
				.filter(m -> TestMailServer.subject(m).equals("Reset your password"))
				.findFirst()
				.orElseThrow());
		assertThat(Accounts.resetPasswordStatus(this.client, token, "a_new_password")).isEqualTo(204);
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
	}

	/** 403 "Email not verified": the right credential of an unverified address. */
	private static void assertRefusedAsUnverified(RestTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Email not verified");
	}

}
