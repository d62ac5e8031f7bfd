package dev.postsapi.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.TestMailServer;
import dev.postsapi.user.OneTimeTokens.Purpose;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mail's token is made for the account its listener read, at the address it read: when
 * the account is deleted in between and its user_id registered again with another
 * address, no link goes to the old address (it would open the new account, and verify an
 * address its holder does not own). The listener is held between reading the account and
 * making the token, so the race is certain.
 */
@IntegrationTest
@Import(MailTokenRacingDeletionIntegrationTests.GatedTokens.class)
// a mail whose first attempt failed stays in the outbox for the whole test
@TestPropertySource(properties = "auth.mail.retry-interval=10m")
class MailTokenRacingDeletionIntegrationTests {

	static final TestMailServer mail = TestMailServer.shared();

	/** Where a listener making a token of {@link #gatedPurpose} waits. */
	static final Gate GATE = new Gate();

	static volatile @Nullable Purpose gatedPurpose;

	/** Where a listener about to count a mail of this kind waits. */
	static volatile @Nullable String gatedAccountMail;

	/** Whether a reset about to set the new password waits. */
	static volatile boolean gatedPasswordChange;

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	String userId;

	String oldAddress;

	String newAddress;

	@BeforeEach
	void names() {
		this.jdbc.update("delete from rate_limits");
		this.userId = Accounts.uniqueUserId("reused");
		this.oldAddress = this.userId + "@first-owner.example.com";
		this.newAddress = this.userId + "@second-owner.example.com";
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
		gatedPurpose = null;
		gatedAccountMail = null;
		gatedPasswordChange = false;
	}

	@Test
	void verificationMailWhenTheAccountIsDeletedAndItsUserIdTakenThenNoLinkToTheOldAddress() throws Exception {
		gatedPurpose = Purpose.EMAIL_VERIFICATION;
		// registration asks for the verification mail; its listener waits at the gate
		CompletableFuture<Integer> registered = GATE.hold(() -> register(this.oldAddress));
		assertThat(registered.get(30, TimeUnit.SECONDS)).isEqualTo(201);

		deleteAndRegisterAgain();
		GATE.open();
		Outbox.awaitEmpty(this.jdbc);

		assertThat(mail.mailsTo(this.oldAddress)).isEmpty();
		assertThat(mail.mailsTo(this.newAddress)).hasSize(1);
		assertThat(tokens(Purpose.EMAIL_VERIFICATION)).isEqualTo(1);
	}

	@Test
	void resetMailWhenTheAccountIsDeletedAndItsUserIdTakenThenNoLinkToTheOldAddress() throws Exception {
		assertThat(register(this.oldAddress)).isEqualTo(201);
		Outbox.awaitEmpty(this.jdbc);
		assertThat(mail.mailsTo(this.oldAddress)).hasSize(1); // the verification mail
		gatedPurpose = Purpose.PASSWORD_RESET;
		CompletableFuture<Integer> forgot = GATE
			.hold(() -> Accounts.forgotPasswordStatus(this.client, this.oldAddress));
		assertThat(forgot.get(30, TimeUnit.SECONDS)).isEqualTo(202);

		deleteAndRegisterAgain();
		GATE.open();
		Outbox.awaitEmpty(this.jdbc);

		assertThat(mail.mailsTo(this.oldAddress)).hasSize(1);
		assertThat(tokens(Purpose.PASSWORD_RESET)).isZero();
	}

	@Test
	void resetMailWhenTheAccountIsDeletedAndItsUserIdTakenThenTheNewOwnersLinkStillWorks() throws Exception {
		assertThat(register(this.oldAddress)).isEqualTo(201);
		Outbox.awaitEmpty(this.jdbc);
		// held after reading the account, before it counts the mail and makes its token
		gatedAccountMail = "password-reset";
		CompletableFuture<Integer> forgot = GATE
			.hold(() -> Accounts.forgotPasswordStatus(this.client, this.oldAddress));
		assertThat(forgot.get(30, TimeUnit.SECONDS)).isEqualTo(202);

		deleteAndRegisterAgain();
		assertThat(Accounts.forgotPasswordStatus(this.client, this.newAddress)).isEqualTo(202);
		String newOwnersToken = resetToken(this.newAddress);
		// a minute later: the held listener's mail is not refused as the second one
		this.jdbc.update("delete from rate_limits");
		GATE.open();
		Outbox.awaitEmpty(this.jdbc);

		assertThat(mail.mailsTo(this.oldAddress)).hasSize(1); // the verification mail
		assertThat(resetStatus(newOwnersToken)).isEqualTo(204);
	}

	@Test
	void resetMailWhenTheDeletionCommitsWhileTheTokenIsMadeThenNoLinkAndTheMailIsDone() throws Exception {
		assertThat(register(this.oldAddress)).isEqualTo(201);
		Outbox.awaitEmpty(this.jdbc);
		gatedPurpose = Purpose.PASSWORD_RESET;
		CompletableFuture<Integer> forgot = GATE
			.hold(() -> Accounts.forgotPasswordStatus(this.client, this.oldAddress));
		assertThat(forgot.get(30, TimeUnit.SECONDS)).isEqualTo(202);

		// the account's row deleted, not yet committed, as the token is made for it
		try (Connection deletion = this.dataSource.getConnection()) {
			deletion.setAutoCommit(false);
			try (PreparedStatement delete = deletion.prepareStatement("delete from users where user_id = ?")) {
				delete.setString(1, this.userId);
				assertThat(delete.executeUpdate()).isEqualTo(1);
			}
			GATE.open();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject("""
						select count(*) from pg_stat_activity
						where wait_event_type = 'Lock' and query like 'insert into account_tokens%'""",
						Integer.class) >= 1);
			deletion.commit();
		}

		// done at the first attempt, not failed on the foreign key and left for a retry
		Outbox.awaitEmpty(this.jdbc);
		assertThat(mail.mailsTo(this.oldAddress)).hasSize(1); // the verification mail
		assertThat(tokens(Purpose.PASSWORD_RESET)).isZero();
	}

	@Test
	void resetWhenTheAccountIsDisabledAfterItsTokenWasUsedThen400AndThePasswordStays() throws Exception {
		assertThat(register(this.oldAddress)).isEqualTo(201);
		assertThat(Accounts.forgotPasswordStatus(this.client, this.oldAddress)).isEqualTo(202);
		String token = resetToken(this.oldAddress);
		Outbox.awaitEmpty(this.jdbc);
		// held with its token used, before it sets the password
		gatedPasswordChange = true;
		CompletableFuture<Integer> reset = GATE.hold(() -> resetStatus(token));

		// an admin's disabling commits meanwhile
		this.jdbc.update("update users set disabled = true where user_id = ?", this.userId);
		GATE.open();

		assertThat(reset.get(30, TimeUnit.SECONDS)).isEqualTo(400);
		this.jdbc.update("update users set disabled = false where user_id = ?", this.userId);
		assertThat(Accounts.loginStatus(this.client, this.userId, Accounts.PASSWORD)).isEqualTo(200);
		assertThat(Accounts.loginStatus(this.client, this.userId, "a_new_password")).isEqualTo(401);
	}

	/** The first reset link mailed to the address, after its verification mail. */
	private static String resetToken(String address) {
		return TestMailServer.token(mail.awaitMailsTo(address, 2, Duration.ofSeconds(20))
			.stream()
			.filter((message) -> TestMailServer.subject(message).equals("Reset your password"))
			.findFirst()
			.orElseThrow());
	}

	private int resetStatus(String token) {
		return Accounts.resetPasswordStatus(this.client, token, "a_new_password");
	}

	/** The account goes, and its user_id comes back with another owner's address. */
	private void deleteAndRegisterAgain() {
		String token = Accounts.login(this.client, this.userId, Accounts.PASSWORD);
		assertThat(Accounts.deleteOwnAccountStatus(this.client, token)).isEqualTo(204);
		assertThat(register(this.newAddress)).isEqualTo(201);
	}

	private int register(String email) {
		return this.client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", this.userId, "email", email, "password", Accounts.PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private int tokens(Purpose purpose) {
		return this.jdbc.queryForObject("select count(*) from account_tokens where user_id = ? and purpose = ?",
				Integer.class, this.userId,
				purpose == Purpose.PASSWORD_RESET ? "password_reset" : "email_verification");
	}

	/**
	 * Holds a listener about to make a token of the gated purpose, or to count a mail of
	 * the gated kind, while armed.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedTokens {

		@Bean
		static BeanPostProcessor gatedOneTimeTokens() {
			return GATE.before(OneTimeTokens.class::isInstance,
					(call) -> call.getMethod().getName().equals("mail") && call.getArguments()[1] == gatedPurpose);
		}

		@Bean
		static BeanPostProcessor gatedPasswordChanges() {
			return GATE.before(UserService.class::isInstance,
					(call) -> call.getMethod().getName().equals("changePasswordHash") && gatedPasswordChange);
		}

		@Bean
		static BeanPostProcessor gatedAttemptLimiter() {
			return GATE.before(AttemptLimiter.class::isInstance,
					(call) -> call.getMethod().getName().startsWith("admit")
							&& call.getMethod().getName().endsWith("Mail")
							&& call.getArguments()[0].equals(gatedAccountMail));
		}

	}

}
