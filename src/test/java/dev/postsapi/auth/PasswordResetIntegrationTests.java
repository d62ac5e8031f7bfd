package dev.postsapi.auth;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.Problems;
import dev.postsapi.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Password reset over real SMTP (the shared test GreenMail): what the mails say, what the
 * token does once, and what the answers never reveal.
 */
@IntegrationTest
class PasswordResetIntegrationTests {

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

	@BeforeEach
	void freshLimits() {
		this.jdbc.update("delete from rate_limits");
	}

	@Test
	void forgotWhenRegisteredThenOneMailAndWhenUnknownNoneWithTheSameAnswer() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("forgot"));
		String unknown = Accounts.uniqueUserId("nobody") + "@example.com";
		EntityExchangeResult<byte[]> registered = forgot(user + "@example.com");
		EntityExchangeResult<byte[]> unregistered = forgot(unknown);
		assertThat(registered.getStatus().value()).isEqualTo(202);
		assertThat(unregistered.getStatus().value()).isEqualTo(202);
		assertThat(registered.getResponseBody()).isEqualTo(unregistered.getResponseBody());
		assertThat(registered.getResponseHeaders().getContentType())
			.isEqualTo(unregistered.getResponseHeaders().getContentType());
		awaitOutboxEmpty();
		List<MimeMessage> mails = resetMails(user);
		assertThat(mails).hasSize(1);
		assertThat(mail.mailsTo(unknown)).isEmpty();
		assertThat(TestMailServer.token(mails.getFirst())).hasSize(43);
		assertThat(TestMailServer.body(mails.getFirst())).contains("/reset-password#token=");
	}

	@Test
	void forgotWhenAddressTypedInAnotherCaseThenTheMailGoesToTheAddressAsRegistered() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("Case"));
		forgot(user.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM");
		awaitOutboxEmpty();
		assertThat(resetMails(user)).hasSize(1);
		assertThat(mail.mailsTo(user.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM")
			.stream()
			.filter(m -> TestMailServer.subject(m).startsWith("Reset"))
			.map(m -> address(m))
			.toList()).allMatch(to -> to.equals(user + "@example.com"));
	}

	@Test
	void forgotTwiceWithinAMinuteThenOneMail() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("twice"));
		forgot(user + "@example.com").getStatus();
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		awaitOutboxEmpty();
		assertThat(resetMails(user)).hasSize(1);
		// the refused one's token was taken back
		assertThat(this.jdbc.queryForObject(
				"select count(*) from account_tokens where user_id = ? and purpose = 'password_reset'", Integer.class,
				user))
			.isOne();
	}

	@Test
	void forgotEveryMinuteFromEverywhereThenFiveMailsAnHour() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("flooded"));
		for (int i = 0; i < 8; i++) {
			// each request a minute after the last, from an address of its own
			this.jdbc.update("delete from rate_limits where limit_key like 'mail-account:%' "
					+ "or limit_key like 'password-reset-address:%'");
			assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
			awaitOutboxEmpty();
		}
		assertThat(resetMails(user)).hasSize(AttemptLimiter.RESET_MAILS_PER_HOUR);
		// the hour over, the owner gets a link again
		this.jdbc.update("delete from rate_limits where limit_key like 'mail-account%'");
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		String token = TestMailServer.token(awaitResetMails(user, AttemptLimiter.RESET_MAILS_PER_HOUR + 1).getLast());
		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(204);
	}

	@Test
	void forgotThenDeleteTheAccountThenALaterAccountOfItsUserIdStartsWithNoResetMailsCounted() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("gone"));
		requestToken(user);
		String hourCounts = "select count(*) from rate_limits where limit_key like 'mail-account-hour:%'";
		assertThat(this.jdbc.queryForObject(hourCounts, Integer.class)).isOne();
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		assertThat(Accounts.deleteOwnAccountStatus(this.client, token)).isEqualTo(204);
		assertThat(this.jdbc.queryForObject(hourCounts, Integer.class)).isZero();
	}

	@Test
	void forgotWhenTheAccountIsDisabledThenNoLinkAndNoneSentBeforeWorks() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("frozen"));
		String before = requestToken(user);
		String admin = Accounts.register(this.client, Accounts.uniqueUserId("admin"));
		this.jdbc.update("update users set roles = '{admin}' where user_id = ?", admin);
		this.client.patch()
			.uri("/admin/users/" + user)
			.header("Authorization", "Bearer " + Accounts.login(this.client, admin, Accounts.PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isOk();
		this.jdbc.update("delete from rate_limits where limit_key like 'mail-account%'");

		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		awaitOutboxEmpty();
		assertThat(resetMails(user)).hasSize(1);
		assertThat(reset(before, "a_new_password").getStatus().value()).isEqualTo(400);
		assertThat(
				this.jdbc.queryForObject("select count(*) from account_tokens where user_id = ?", Integer.class, user))
			.isZero();
		// asking for a disabled account spent none of its mails: enabled again, it gets
		// one
		this.jdbc.update("update users set disabled = false where user_id = ?", user);
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		assertThat(awaitResetMails(user, 2)).hasSize(2);
	}

	@Test
	void resetWhenTheAccountWasDisabledAfterTheLinkWasSentThen400AndThePasswordStays() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("frozen"));
		String token = requestToken(user);
		// disabled as by an admin's change committing while the link's row was read
		this.jdbc.update("update users set disabled = true where user_id = ?", user);

		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(400);
		this.jdbc.update("update users set disabled = false where user_id = ?", user);
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void forgotPastTheAddressLimitThen429ForRegisteredAndUnknownAlike() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("limited"));
		for (int i = 0; i < 20; i++) {
			assertThat(forgot(Accounts.uniqueUserId("n") + "@example.com").getStatus().value()).isEqualTo(202);
		}
		EntityExchangeResult<byte[]> registered = forgot(user + "@example.com");
		EntityExchangeResult<byte[]> unknown = forgot(Accounts.uniqueUserId("n") + "@example.com");
		assertThat(registered.getStatus().value()).isEqualTo(429);
		assertThat(unknown.getStatus().value()).isEqualTo(429);
		assertThat(registered.getResponseHeaders().getFirst("Retry-After")).isNotNull();
		assertThat(Problems.withoutRequestId(registered.getResponseBody()))
			.isEqualTo(Problems.withoutRequestId(unknown.getResponseBody()));
		awaitOutboxEmpty();
		assertThat(resetMails(user)).isEmpty();
	}

	@Test
	void resetWithTheMailedTokenThenNewPasswordWorksOldDoesNotAndSessionsEnd() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("reset"));
		Tokens before = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		String token = requestToken(user);
		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(204);
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(401);
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
		assertThat(Accounts.meStatus(this.client, before)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, before.refreshToken())).isEqualTo(401);
		MimeMessage changed = mail.awaitMailsTo(user + "@example.com", 3, Duration.ofSeconds(20))
			.stream()
			.filter(m -> TestMailServer.subject(m).equals("Your password was changed"))
			.findFirst()
			.orElseThrow();
		assertThat(TestMailServer.body(changed)).doesNotContain("token=")
			.contains("just reset with a link we mailed, and every session was logged out");
	}

	@Test
	void changeWhileLoggedInThenTheMailSaysTheChangingSessionStays() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("changed"));
		Tokens session = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		this.client.put()
			.uri("/users/me/password")
			.header("Authorization", session.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_new_password"))
			.exchange()
			.expectStatus()
			.isNoContent();
		MimeMessage changed = mail.awaitMailsTo(user + "@example.com", 2, Duration.ofSeconds(20))
			.stream()
			.filter(m -> TestMailServer.subject(m).equals("Your password was changed"))
			.findFirst()
			.orElseThrow();
		assertThat(TestMailServer.body(changed))
			.contains("every other session was logged out (the one that changed it stays");
		assertThat(Accounts.meStatus(this.client, session)).isEqualTo(200);
	}

	@Test
	void resetThenTheAccountsSecurityEventsSayWhoAskedAndWhatEnded() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("told"));
		Tokens before = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		assertThat(this.client.post()
			.uri("/password/forgot")
			.header("User-Agent", "reset-test/1.0")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", user + "@example.com"))
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(202);
		String token = TestMailServer.token(awaitResetMails(user, 1).getLast());
		awaitOutboxEmpty();
		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(204);

		List<Map<String, Object>> events = this.jdbc
			.queryForList("select type, ip_address, user_agent, session_id::text as session_id from security_events "
					+ "where user_id = ? order by event_id", user);
		assertThat(events).extracting((event) -> event.get("type"))
			.containsExactly("login_succeeded", "password_reset_requested", "password_reset_completed",
					"session_revoked", "email_verified");
		assertThat(events.get(1)).containsEntry("ip_address", "127.0.0.1")
			.containsEntry("user_agent", "reset-test/1.0");
		assertThat(events.get(3).get("session_id")).isEqualTo(events.get(0).get("session_id"));
		assertThat(Accounts.meStatus(this.client, before)).isEqualTo(401);
	}

	@Test
	void resetWhenTokenUsedAlreadyThen400LikeAnUnknownOne() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("once"));
		String token = requestToken(user);
		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(204);
		EntityExchangeResult<byte[]> used = reset(token, "another_password");
		EntityExchangeResult<byte[]> unknown = reset("A".repeat(43), "another_password");
		EntityExchangeResult<byte[]> malformed = reset("not a token!", "another_password");
		EntityExchangeResult<byte[]> tooLong = reset("A".repeat(5000), "another_password");
		for (EntityExchangeResult<byte[]> answer : List.of(used, unknown, malformed, tooLong)) {
			assertThat(answer.getStatus().value()).isEqualTo(400);
		}
		assertThat(Problems.withoutRequestId(used.getResponseBody()))
			.contains("\"detail\":\"Invalid or expired token\"")
			.isEqualTo(Problems.withoutRequestId(unknown.getResponseBody()))
			.isEqualTo(Problems.withoutRequestId(malformed.getResponseBody()))
			.isEqualTo(Problems.withoutRequestId(tooLong.getResponseBody()));
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
	}

	@Test
	void resetWhenTwoRaceWithOneTokenThenOne204AndOne400() throws Exception {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("race"));
		String token = requestToken(user);
		List<Integer> statuses = Concurrently.run(2, i -> reset(token, "password_number_" + i).getStatus().value());
		assertThat(statuses).containsExactlyInAnyOrder(204, 400);
		int winner = statuses.indexOf(204);
		assertThat(Accounts.loginStatus(this.client, user, "password_number_" + winner)).isEqualTo(200);
		assertThat(Accounts.loginStatus(this.client, user, "password_number_" + (1 - winner))).isEqualTo(401);
	}

	@Test
	void resetWithTheLinkTheMomentTheMailArrivesThen204() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("instant"));
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		// before the SMTP server says it took the mail
		mail.onDelivery((message) -> {
			if (TestMailServer.isTo(message, user + "@example.com")
					&& TestMailServer.subject(message).equals("Reset your password")) {
				statuses.add(reset(TestMailServer.token(message), "a_new_password").getStatus().value());
			}
		});
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> !statuses.isEmpty());
		assertThat(statuses).containsExactly(204);
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
	}

	/**
	 * A second request, made as the first mail arrives, waits for the first send's counts
	 * with its token made: a token whose mail has not gone out voids no older link.
	 */
	@Test
	void resetWithTheLinkTheMomentTheMailArrivesWhileASecondRequestWaitsThen204() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("twice"));
		awaitOutboxEmpty();
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		mail.onDelivery((message) -> {
			if (TestMailServer.isTo(message, user + "@example.com")
					&& TestMailServer.subject(message).equals("Reset your password") && statuses.isEmpty()) {
				forgot(user + "@example.com");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> this.jdbc.queryForObject(
							"select count(*) from account_tokens where user_id = ? and purpose = 'password_reset'",
							Integer.class, user) == 2);
				statuses.add(reset(TestMailServer.token(message), "a_new_password").getStatus().value());
			}
		});
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> !statuses.isEmpty());
		awaitOutboxEmpty();
		assertThat(resetMails(user)).hasSize(1);
		assertThat(statuses).containsExactly(204);
	}

	@Test
	void resetWhenTokenExpiredThen400() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("expired"));
		String token = requestToken(user);
		this.jdbc.update("update account_tokens set expires_at = now() - interval '1 second' where user_id = ?", user);
		assertThat(reset(token, "a_new_password").getStatus().value()).isEqualTo(400);
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void resetTokenLivesThirtyMinutes() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("lifetime"));
		requestToken(user);
		Integer seconds = this.jdbc.queryForObject(
				"select extract(epoch from expires_at - created_at)::integer from account_tokens where user_id = ? and purpose = 'password_reset'",
				Integer.class, user);
		assertThat(seconds).isEqualTo(30 * 60);
	}

	@Test
	void resetWhenANewerLinkWasSentThenTheOlderTokenIsVoid() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("newer"));
		String older = requestToken(user);
		// the one-a-minute cap's minute has passed
		this.jdbc.update("delete from rate_limits where limit_key like 'mail-account:%'");
		forgot(user + "@example.com");
		List<MimeMessage> mails = awaitResetMails(user, 2);
		String newer = TestMailServer.token(mails.get(1));
		awaitOutboxEmpty();
		assertThat(newer).isNotEqualTo(older);
		assertThat(reset(older, "a_new_password").getStatus().value()).isEqualTo(400);
		assertThat(reset(newer, "a_new_password").getStatus().value()).isEqualTo(204);
	}

	@Test
	void resetThenTheAccountsFailedLoginsAreForgotten() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("locked"));
		// by both its names, each counted by itself
		String email = user.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM";
		for (int i = 0; i < 10; i++) {
			assertThat(Accounts.loginStatus(this.client, user, "wrong_password")).isEqualTo(401);
			assertThat(Accounts.loginStatus(this.client, email, "wrong_password")).isEqualTo(401);
		}
		assertThat(Accounts.loginStatus(this.client, user, Accounts.PASSWORD)).isEqualTo(429);
		assertThat(Accounts.loginStatus(this.client, email, Accounts.PASSWORD)).isEqualTo(429);
		assertThat(reset(requestToken(user), "a_new_password").getStatus().value()).isEqualTo(204);
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
		assertThat(Accounts.loginStatus(this.client, email, "a_new_password")).isEqualTo(200);
	}

	@Test
	void resetTokenIsNoGoodForEmailVerification() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("purpose"));
		String token = requestToken(user);
		this.client.post()
			.uri("/email/verify")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", token))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void badInputThen422Or400AndNever5xx() {
		assertThat(forgotStatus(Map.of("email", "not-an-address"))).isEqualTo(422);
		assertThat(forgotStatus(Map.of())).isEqualTo(422);
		assertThat(forgotStatus(Map.of("email", 7))).isEqualTo(422);
		assertThat(resetStatus(Map.of("new_password", "a_new_password"))).isEqualTo(422);
		assertThat(resetStatus(Map.of("token", "A".repeat(43), "new_password", "short"))).isEqualTo(422);
		assertThat(resetStatus(Map.of("token", "A".repeat(43), "new_password", "x".repeat(73)))).isEqualTo(422);
		assertThat(resetStatus(Map.of("token", "A".repeat(42) + "=", "new_password", "a_new_password"))).isEqualTo(400);
		assertThat(resetStatus(Map.of("token", "", "new_password", "a_new_password"))).isEqualTo(400);
	}

	@Test
	void resetWhenThePasswordChangedOrEverySessionEndedSinceTheLinkWasSentThen400() {
		for (String since : List.of("/users/me/password", "/logout/all")) {
			String user = Accounts.register(this.client, Accounts.uniqueUserId("stale"));
			String token = requestToken(user);
			String access = Accounts.login(this.client, user, Accounts.PASSWORD);
			(since.equals("/logout/all") ? this.client.post().uri(since)
					: this.client.put()
						.uri(since)
						.contentType(MediaType.APPLICATION_JSON)
						.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_new_password")))
				.header("Authorization", "Bearer " + access)
				.exchange()
				.expectStatus()
				.isNoContent();

			assertThat(reset(token, "the_attackers_password").getStatus().value()).as(since).isEqualTo(400);
			assertThat(Accounts.loginStatus(this.client, user, "the_attackers_password")).isEqualTo(401);
		}
	}

	@Test
	void resetWhenTheLinksRowCommittedOnlyAfterAPasswordChangeVoidedTheOthersThen400() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("late"));
		String token = requestToken(user);
		Map<String, Object> row = this.jdbc.queryForMap("""
				select token_hash, purpose, expires_at, credential_version from account_tokens
				where user_id = ? and purpose = 'password_reset'""", user);
		String access = Accounts.login(this.client, user, Accounts.PASSWORD);
		this.client.put()
			.uri("/users/me/password")
			.header("Authorization", "Bearer " + access)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_new_password"))
			.exchange()
			.expectStatus()
			.isNoContent();
		// the row as a mail listener racing the change commits it: after the change's
		// void, issued while the old password was the account's
		this.jdbc.update("""
				insert into account_tokens (token_hash, user_id, purpose, expires_at, credential_version)
				values (?, ?, ?, ?, ?)""", row.get("token_hash"), user, row.get("purpose"), row.get("expires_at"),
				row.get("credential_version"));

		assertThat(reset(token, "the_attackers_password").getStatus().value()).isEqualTo(400);
		assertThat(Accounts.loginStatus(this.client, user, "a_new_password")).isEqualTo(200);
	}

	@Test
	void passwordChangeThenAPasswordChangedMailAndForChangesInALoopAtMostFiveADay() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("looping"));
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		String[] passwords = { Accounts.PASSWORD, "a_new_password" };
		for (int i = 0; i < AttemptLimiter.OWNER_MAILS_PER_DAY + 2; i++) {
			changePassword(token, passwords[i % 2], passwords[(i + 1) % 2]);
		}
		awaitOutboxEmpty();
		assertThat(mail.mailsTo(user + "@example.com")).extracting(TestMailServer::subject)
			.containsOnly("Confirm your e-mail address", "Your password was changed")
			.filteredOn("Your password was changed"::equals)
			.hasSize(AttemptLimiter.OWNER_MAILS_PER_DAY);
	}

	@Test
	void passwordChangeThenAResetWithinAMinuteThenAMailForEach() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("changereset"));
		String token = Accounts.login(this.client, user, Accounts.PASSWORD);
		changePassword(token, Accounts.PASSWORD, "a_new_password");
		assertThat(reset(requestToken(user), "another_password").getStatus().value()).isEqualTo(204);
		List<String> bodies = mail.awaitMailsTo(user + "@example.com", 4, Duration.ofSeconds(20))
			.stream()
			.filter(m -> TestMailServer.subject(m).equals("Your password was changed"))
			.map(TestMailServer::body)
			.toList();
		assertThat(bodies).hasSize(2)
			.anyMatch(body -> body.contains("every other session was logged out"))
			.anyMatch(body -> body.contains("just reset with a link we mailed"));
	}

	@Test
	void passwordChangesOfAccountsRegisteredToOneAddressInTurnThenAtMostFiveMailsADayToIt() {
		String address = Accounts.uniqueUserId("victim") + "@example.com";
		String[] passwords = { Accounts.PASSWORD, "a_new_password" };
		for (int account = 0; account < 2; account++) {
			String user = Accounts.uniqueUserId("bomber");
			this.client.post()
				.uri("/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("user_id", user, "email", address, "password", Accounts.PASSWORD))
				.exchange()
				.expectStatus()
				.isCreated();
			String token = Accounts.login(this.client, user, Accounts.PASSWORD);
			for (int i = 0; i < 4; i++) {
				changePassword(token, passwords[i % 2], passwords[(i + 1) % 2]);
			}
			awaitOutboxEmpty();
			assertThat(Accounts.deleteOwnAccountStatus(this.client, token)).isEqualTo(204);
		}
		// four changes each; the address's day ends them, deletions or not
		assertThat(mail.mailsTo(address)).filteredOn(m -> TestMailServer.subject(m).equals("Your password was changed"))
			.hasSize(AttemptLimiter.OWNER_MAILS_PER_DAY);
	}

	private void changePassword(String accessToken, String current, String next) {
		this.client.put()
			.uri("/users/me/password")
			.header("Authorization", "Bearer " + accessToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", current, "new_password", next))
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private String requestToken(String user) {
		assertThat(forgot(user + "@example.com").getStatus().value()).isEqualTo(202);
		String token = TestMailServer.token(awaitResetMails(user, 1).getLast());
		awaitOutboxEmpty();
		return token;
	}

	private List<MimeMessage> awaitResetMails(String user, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> resetMails(user).size() >= count);
		return resetMails(user);
	}

	private static List<MimeMessage> resetMails(String user) {
		return mail.mailsTo(user + "@example.com")
			.stream()
			.filter(m -> TestMailServer.subject(m).equals("Reset your password"))
			.toList();
	}

	/** Every mail asked for so far has been handled (sent, or found not to be sent). */
	private void awaitOutboxEmpty() {
		Outbox.awaitEmpty(this.jdbc);
	}

	private EntityExchangeResult<byte[]> forgot(String email) {
		return this.client.post()
			.uri("/password/forgot")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private int forgotStatus(Map<String, ?> body) {
		return this.client.post()
			.uri("/password/forgot")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private EntityExchangeResult<byte[]> reset(String token, String newPassword) {
		return this.client.post()
			.uri("/password/reset")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", token, "new_password", newPassword))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private int resetStatus(Map<String, ?> body) {
		return this.client.post()
			.uri("/password/reset")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private static String address(MimeMessage message) {
		try {
			return message.getAllRecipients()[0].toString();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
