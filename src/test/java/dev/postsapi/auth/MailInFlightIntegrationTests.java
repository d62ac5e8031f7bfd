package dev.postsapi.auth;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.postsapi.mail.Mailer;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mail being sent holds no lock its account's own requests wait for: an SMTP server
 * that answers slowly (or not at all, until its timeout) must not hold a logout
 * everywhere, each such request a pool connection. The listener is held in its SMTP
 * exchange (the call to send), so the overlap is certain.
 */
@IntegrationTest
@Import(MailInFlightIntegrationTests.GatedMailer.class)
class MailInFlightIntegrationTests {

	static final Gate GATE = new Gate();

	static final TestMailServer mail = TestMailServer.shared();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

	@Test
	void logoutEverywhereWhenTheAccountsResetMailIsBeingSentThenAnsweredAtOnce() throws Exception {
		String userId = Accounts.register(this.client, Accounts.uniqueUserId("mailed"));
		String address = userId + "@example.com";
		Tokens tokens = Accounts.loginForTokens(this.client, userId, Accounts.PASSWORD);
		// an earlier reset link, which the next one voids
		assertThat(Accounts.forgotPasswordStatus(this.client, address)).isEqualTo(202);
		Outbox.awaitEmpty(this.jdbc);
		String earlier = TestMailServer.token(mail.awaitMailsTo(address, 2, Duration.ofSeconds(20)).getLast());
		this.jdbc.update("delete from rate_limits");

		CompletableFuture<Integer> forgot = GATE.hold(() -> Accounts.forgotPasswordStatus(this.client, address));
		assertThat(forgot.get(30, TimeUnit.SECONDS)).isEqualTo(202);
		// the reset mail's listener is in its SMTP exchange now
		CompletableFuture<Void> logout = CompletableFuture
			.runAsync(() -> Accounts.logoutEverywhere(this.client, tokens));
		logout.get(10, TimeUnit.SECONDS);
		GATE.open();
		Outbox.awaitEmpty(this.jdbc);

		String mailed = TestMailServer.token(mail.awaitMailsTo(address, 3, Duration.ofSeconds(20)).getLast());
		// the logout everywhere voided both links, the one being sent too
		assertThat(Accounts.resetPasswordStatus(this.client, earlier, "a_new_password")).isEqualTo(400);
		assertThat(Accounts.resetPasswordStatus(this.client, mailed, "a_new_password")).isEqualTo(400);
		assertThat(Accounts.loginStatus(this.client, userId, Accounts.PASSWORD)).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedMailer {

		@Bean
		static BeanPostProcessor gatedMailer() {
			return GATE.before(Mailer.class, Set.of("send"));
		}

	}

}
