package dev.postsapi.user;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** E-mail verification over real SMTP (the shared test GreenMail). */
@IntegrationTest
class EmailVerificationIntegrationTests {

	static final TestMailServer mail = TestMailServer.shared();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	/** What a test does as a mail arrives ends with the test. */
	@AfterEach
	void noActionOnDelivery() {
		mail.onDelivery((message) -> {
		});
	}

	@Test
	void registerThenAVerificationMailWhoseTokenVerifiesTheAddressOnce() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("verify"));
		MimeMessage sent = mail.awaitMailTo(user + "@example.com");
		Outbox.awaitEmpty(this.jdbc);
		assertThat(TestMailServer.subject(sent)).isEqualTo("Confirm your e-mail address");
		assertThat(TestMailServer.body(sent)).contains("/verify-email#token=");
		assertThat(verified(user)).isFalse();
		String token = TestMailServer.token(sent);
		assertThat(verify(token)).isEqualTo(204);
		assertThat(verified(user)).isTrue();
		assertThat(verify(token)).isEqualTo(400);
		// one email_verified event, from the verifying client
		assertThat(this.jdbc.queryForList("select type, ip_address from security_events where user_id = ?", user))
			.containsExactly(java.util.Map.of("type", "email_verified", "ip_address", "127.0.0.1"));
	}

	@Test
	void verifyWithTheLinkTheMomentTheMailArrivesThen204() {
		String user = Accounts.uniqueUserId("instant");
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		// before the SMTP server says it took the mail
		mail.onDelivery((message) -> {
			if (TestMailServer.isTo(message, user + "@example.com")) {
				statuses.add(verify(TestMailServer.token(message)));
			}
		});
		Accounts.register(this.client, user);
		await().atMost(Duration.ofSeconds(20)).until(() -> !statuses.isEmpty());
		assertThat(statuses).containsExactly(204);
		assertThat(verified(user)).isTrue();
	}

	/**
	 * The send holds the account: a deletion meanwhile waits for it, so no mail goes out
	 * for an account deleted (and its user_id perhaps taken) after the mail was checked.
	 */
	@Test
	void deleteTheAccountWhileItsMailIsSentThenTheDeletionWaitsForTheSend() throws Exception {
		String user = Accounts.uniqueUserId("sending");
		CompletableFuture<Integer> deletion = new CompletableFuture<>();
		List<Boolean> deletionWaited = new CopyOnWriteArrayList<>();
		mail.onDelivery((message) -> {
			if (!TestMailServer.isTo(message, user + "@example.com") || !deletionWaited.isEmpty()) {
				return;
			}
			String token = Accounts.login(this.client, user, Accounts.PASSWORD);
			CompletableFuture.supplyAsync(() -> Accounts.deleteOwnAccountStatus(this.client, token))
				.whenComplete((status, failure) -> deletion.complete((status != null) ? status : -1));
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.jdbc.queryForObject("""
						select count(*) from pg_stat_activity where wait_event_type = 'Lock'
						and query like '%from users where user_id%for update%'""", Integer.class) >= 1);
				deletionWaited.add(!deletion.isDone());
			}
			catch (ConditionTimeoutException ex) {
				deletionWaited.add(false);
			}
		});
		Accounts.register(this.client, user);
		await().atMost(Duration.ofSeconds(30)).until(() -> !deletionWaited.isEmpty());
		assertThat(deletionWaited).containsExactly(true);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
	}

	@Test
	void verifyWhenTokenExpiredOrUnknownThen400() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("late"));
		String token = TestMailServer.token(mail.awaitMailTo(user + "@example.com"));
		Outbox.awaitEmpty(this.jdbc);
		Integer hours = this.jdbc.queryForObject(
				"select extract(epoch from expires_at - created_at)::integer / 3600 from account_tokens where user_id = ?",
				Integer.class, user);
		assertThat(hours).isEqualTo(24);
		this.jdbc.update("update account_tokens set expires_at = now() - interval '1 second' where user_id = ?", user);
		assertThat(verify(token)).isEqualTo(400);
		assertThat(verify("B".repeat(43))).isEqualTo(400);
		// not a 422 naming a length: every token that does not work gets the same 400
		assertThat(verify("B".repeat(5000))).isEqualTo(400);
		assertThat(verified(user)).isFalse();
		assertThat(this.client.post()
			.uri("/email/verify")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of())
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(422);
	}

	@Test
	void requestANewMailThen202AndASecondMailWhoseTokenWorksToo() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("again"));
		String first = TestMailServer.token(mail.awaitMailTo(user + "@example.com"));
		// at once: registration's mail and this one are both the owner's doing
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		assertThat(requestMail(token)).isEqualTo(202);
		List<MimeMessage> mails = mail.awaitMailsTo(user + "@example.com", 2, Duration.ofSeconds(20));
		String second = TestMailServer.token(mails.get(1));
		Outbox.awaitEmpty(this.jdbc);
		assertThat(second).isNotEqualTo(first);
		assertThat(verify(second)).isEqualTo(204);
		assertThat(verified(user)).isTrue();
	}

	@Test
	void requestANewMailWhenVerifiedThenNoMail() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("capped"));
		String first = TestMailServer.token(mail.awaitMailTo(user + "@example.com"));
		awaitOutboxEmpty();
		assertThat(verify(first)).isEqualTo(204);
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		assertThat(requestMail(token)).isEqualTo(202);
		awaitOutboxEmpty();
		assertThat(mail.mailsTo(user + "@example.com")).hasSize(1);
	}

	@Test
	void requestNewMailsInALoopThenAtMostFiveADayAndNothingIsQueuedForTheRest() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("looping"));
		mail.awaitMailTo(user + "@example.com");
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		awaitOutboxEmpty();
		int claimedBefore = this.jdbc.queryForObject("select count(*) from sent_mails", Integer.class);
		for (int i = 0; i < 20; i++) {
			assertThat(requestMail(token)).isEqualTo(202);
		}
		awaitOutboxEmpty();
		// registration's and four asked for; no other was handed to the mail threads, so
		// none was claimed, sent or not
		assertThat(mail.mailsTo(user + "@example.com")).hasSize(AttemptLimiter.OWNER_MAILS_PER_DAY);
		assertThat(this.jdbc.queryForObject("select count(*) from sent_mails", Integer.class))
			.isEqualTo(claimedBefore + AttemptLimiter.OWNER_MAILS_PER_DAY - 1);
	}

	@Test
	void registerDeleteAndRegisterAgainWithOneAddressThenAtMostFiveMailsADayToIt() {
		String address = Accounts.uniqueUserId("victim") + "@example.com";
		for (int i = 0; i < AttemptLimiter.OWNER_MAILS_PER_DAY + 2; i++) {
			String user = Accounts.uniqueUserId("bomber");
			this.client.post()
				.uri("/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("user_id", user, "email", (i % 2 == 0) ? address : address.toUpperCase(Locale.ROOT),
						"password", Accounts.PASSWORD))
				.exchange()
				.expectStatus()
				.isCreated();
			// its mail goes out (or not) before the account does
			awaitOutboxEmpty();
			String token = Accounts.login(this.client, user, Accounts.PASSWORD);
			assertThat(requestMail(token)).isEqualTo(202);
			awaitOutboxEmpty();
			assertThat(Accounts.deleteOwnAccountStatus(this.client, token)).isEqualTo(204);
		}
		// each account asked for two; the address's day ends them, deletions or not
		assertThat(mail.mailsTo(address)).hasSize(AttemptLimiter.OWNER_MAILS_PER_DAY);
	}

	@Test
	void requestANewMailWithoutTokenThen401() {
		this.client.post().uri("/users/me/email-verification").exchange().expectStatus().isUnauthorized();
	}

	private int requestMail(String accessToken) {
		return this.client.post()
			.uri("/users/me/email-verification")
			.header("Authorization", "Bearer " + accessToken)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private int verify(String token) {
		return this.client.post()
			.uri("/email/verify")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", token))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private boolean verified(String user) {
		return this.jdbc.queryForObject("select email_verified from users where user_id = ?", Boolean.class, user);
	}

	private void awaitOutboxEmpty() {
		Outbox.awaitEmpty(this.jdbc);
	}

}
