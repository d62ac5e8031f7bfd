package dev.postsapi.auth;

import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links that live seconds, as a deployment checking expiry sets them: the service starts,
 * the mails say so, and the links stop working when they said.
 */
@IntegrationTest
@TestPropertySource(
		properties = { "auth.password-reset.token-lifetime=2s", "auth.email-verification.token-lifetime=2s" })
class ShortLinkLifetimesIntegrationTests {

	static final TestMailServer mail = TestMailServer.shared();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void linksOfTwoSecondsThenTheMailsSaySoAndTheyExpire() throws InterruptedException {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("brief"));
		MimeMessage verification = mail.awaitMailTo(user + "@example.com");
		post("/password/forgot", Map.of("email", user + "@example.com"));
		MimeMessage reset = mail.awaitMailsTo(user + "@example.com", 2, java.time.Duration.ofSeconds(20))
			.stream()
			.filter(m -> TestMailServer.subject(m).equals("Reset your password"))
			.findFirst()
			.orElseThrow();
		Outbox.awaitEmpty(this.jdbc);
		// born living two seconds, by the database's clock, not expired
		assertThat(this.jdbc.queryForList(
				"select extract(epoch from expires_at - created_at)::integer from account_tokens where user_id = ?",
				Integer.class, user))
			.containsExactlyInAnyOrder(2, 2);
		assertThat(TestMailServer.body(verification)).contains("for 2 seconds");
		assertThat(TestMailServer.body(reset)).contains("for 2 seconds");
		Thread.sleep(2_500);
		assertThat(post("/email/verify", Map.of("token", TestMailServer.token(verification)))).isEqualTo(400);
		assertThat(
				post("/password/reset", Map.of("token", TestMailServer.token(reset), "new_password", "a_new_password")))
			.isEqualTo(400);
	}

	private int post(String path, Map<String, String> body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
