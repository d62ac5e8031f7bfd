package dev.postsapi.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import dev.postsapi.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost, nothing sent twice: whole instances of the service sharing one database,
 * sending to an SMTP server of this test's own that goes down and comes back.
 */
@ExtendWith(OutputCaptureExtension.class)
class MailDeliveryIntegrationTests {

	TestSchema schema;

	TestMailServer smtp;

	final List<RunningInstance> instances = new ArrayList<>();

	@BeforeEach
	void freshDatabaseAndSmtpServer() {
		this.schema = TestSchema.create(PostgresServer.get());
		this.smtp = TestMailServer.startOwn();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(RunningInstance::close);
		this.smtp.close();
		this.schema.close();
	}

	@Test
	void mailAskedForWhileSmtpIsDownArrivesWhenItIsBack() throws Exception {
		this.smtp.stop();
		RunningInstance instance = start();
		String user = Accounts.register(instance.client(), Accounts.uniqueUserId("down"));
		assertThat(forgot(instance.client(), user)).isEqualTo(202);
		awaitFailedSends(2);
		this.smtp.start();
		this.smtp.awaitMailsTo(user + "@example.com", 2, Duration.ofSeconds(30));
		awaitOutboxEmpty();
		assertThat(subjects(user)).containsExactlyInAnyOrder("Confirm your e-mail address", "Reset your password");
		// each failed attempt took its token back: the two mailed are all there are
		assertThat(count("select count(*) from account_tokens")).isEqualTo(2);
	}

	/**
	 * The account's deletion waits for its reset mail being sent, and the send then
	 * fails: the deletion goes on once the send has ended, and the failed mail's token
	 * does not wait for the deletion while the send still holds what the deletion waits
	 * for.
	 */
	@Test
	void accountDeletedWhileItsResetMailFailsThenTheDeletionEndsAndNoTokenIsLeft() throws Exception {
		RunningInstance instance = start();
		String user = Accounts.register(instance.client(), Accounts.uniqueUserId("failing"));
		this.smtp.awaitMailsTo(user + "@example.com", 1, Duration.ofSeconds(30));
		awaitOutboxEmpty();
		String token = Accounts.login(instance.client(), user, Accounts.PASSWORD);
		CompletableFuture<Integer> deletion = new CompletableFuture<>();
		this.smtp.onDelivery((mail) -> {
			if (!TestMailServer.subject(mail).equals("Reset your password") || deletion.isDone()) {
				return;
			}
			CompletableFuture.supplyAsync(() -> Accounts.deleteOwnAccountStatus(instance.client(), token))
				.whenComplete((status, failure) -> deletion.complete((status != null) ? status : -1));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
						+ "and query like 'delete from rate_limits%'") >= 1);
			throw new IllegalStateException("The mailbox is full");
		});
		assertThat(forgot(instance.client(), user)).isEqualTo(202);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		awaitOutboxEmpty();
		assertThat(count("select count(*) from account_tokens")).isZero();
		assertThat(subjects(user)).containsExactly("Confirm your e-mail address");
	}

	@Test
	void mailAskedForWhileSmtpIsDownArrivesAfterTheServiceRestarts() throws Exception {
		this.smtp.stop();
		RunningInstance before = start();
		String user = Accounts.register(before.client(), Accounts.uniqueUserId("restart"));
		assertThat(forgot(before.client(), user)).isEqualTo(202);
		awaitFailedSends(2);
		before.close();
		this.instances.remove(before);
		this.smtp.start();
		start();
		this.smtp.awaitMailsTo(user + "@example.com", 2, Duration.ofSeconds(30));
		awaitOutboxEmpty();
		assertThat(subjects(user)).containsExactlyInAnyOrder("Confirm your e-mail address", "Reset your password");
	}

	@Test
	void twoInstancesRetryingTheSameMailsNeverSendOneTwice() throws Exception {
		this.smtp.stop();
		// retried every 200 ms, and a retry in progress taken for stale after 1 s: the
		// instances hand each other's mails out again while they are being sent
		String[] eager = { "spring.modulith.events.staleness.resubmission=1s",
				"spring.modulith.events.staleness.published=1s", "spring.modulith.events.staleness.processing=1s",
				"spring.modulith.events.staleness.check-intervall=200ms", "auth.mail.retry-interval=200ms" };
		RunningInstance first = start(eager);
		RunningInstance second = start(eager);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			RunningInstance instance = (i % 2 == 0) ? first : second;
			String user = Accounts.register(instance.client(), Accounts.uniqueUserId("once"));
			assertThat(forgot(instance.client(), user)).isEqualTo(202);
			// one change, under its cap of one a minute: only sent_mails keeps it single
			instance.client()
				.put()
				.uri("/users/me/password")
				.header("Authorization", "Bearer " + Accounts.login(instance.client(), user, Accounts.PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_new_password"))
				.exchange()
				.expectStatus()
				.isNoContent();
			users.add(user);
		}
		awaitFailedSends(30);
		this.smtp.start();
		awaitOutboxEmpty();
		// a late duplicate would have had time to arrive
		Thread.sleep(2000);
		for (String user : users) {
			assertThat(subjects(user)).as(user)
				.containsExactlyInAnyOrder("Confirm your e-mail address", "Reset your password",
						"Your password was changed");
		}
	}

	@Test
	void mailToAnAddressTheServerRefusesThenDroppedNotRetried() throws Exception {
		try (RefusingSmtpServer refusing = new RefusingSmtpServer("550 5.1.1 No such user")) {
			RunningInstance instance = start("spring.mail.port=" + refusing.port(), "auth.mail.retry-interval=200ms");
			Accounts.register(instance.client(), Accounts.uniqueUserId("refused"));
			await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from event_publication") == 0);
			// retries would have come every 200 ms
			Thread.sleep(1000);
			assertThat(refusing.recipientsRefused()).isEqualTo(1);
			assertThat(count("select count(*) from event_publication")).isZero();
		}
	}

	@Test
	void mailToAnInternationalisedDomainInItsAsciiFormThenSent() throws Exception {
		RunningInstance instance = start();
		String user = Accounts.uniqueUserId("idn");
		instance.client()
			.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", user, "email", user + "@xn--bcher-kva.example", "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(this.smtp.awaitMailsTo(user + "@xn--bcher-kva.example", 1, Duration.ofSeconds(30)))
			.map(TestMailServer::subject)
			.containsExactly("Confirm your e-mail address");
		awaitOutboxEmpty();
	}

	/**
	 * An address stored before registration checked it as JavaMail does: its mail cannot
	 * be sent, and is dropped rather than retried ahead of every other failure.
	 */
	@Test
	void mailToAnAddressJavaMailCannotParseThenDroppedNotRetried() throws Exception {
		RunningInstance instance = start("auth.mail.retry-interval=200ms");
		String user = Accounts.register(instance.client(), Accounts.uniqueUserId("unparsed"));
		this.smtp.awaitMailsTo(user + "@example.com", 1, Duration.ofSeconds(30));
		awaitOutboxEmpty();
		String unsendable = user + "@bad_domain.example.com";
		try (Connection connection = this.schema.connect();
				PreparedStatement update = connection
					.prepareStatement("update users set email = ? where user_id = ?")) {
			update.setString(1, unsendable);
			update.setString(2, user);
			update.executeUpdate();
		}
		assertThat(Accounts.forgotPasswordStatus(instance.client(), unsendable)).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from event_publication") == 0);
		// retries would have come every 200 ms
		Thread.sleep(1000);
		assertThat(count("select count(*) from event_publication")).isZero();
		assertThat(this.smtp.mailsTo(unsendable)).isEmpty();
	}

	@Test
	void mailRefusedForWhatTheServiceIsNotAllowedThenKeptAndRetriedAndItsAddressNeverLogged(CapturedOutput output)
			throws Exception {
		try (RefusingSmtpServer refusing = new RefusingSmtpServer("550 5.7.1 <{recipient}>: Relay access denied")) {
			RunningInstance instance = start("spring.mail.port=" + refusing.port(), "auth.mail.retry-interval=200ms");
			String user = Accounts.register(instance.client(), Accounts.uniqueUserId("relay"));
			await().atMost(Duration.ofSeconds(10)).until(() -> refusing.recipientsRefused() >= 2);
			assertThat(count("select count(*) from event_publication")).isEqualTo(1);
			assertThat(output).contains("A mail was not sent")
				.contains("Relay access denied")
				.doesNotContain(user + "@");
		}
	}

	@Test
	void resetOnOneInstanceEndsTheSessionsOnTheOther() throws Exception {
		RunningInstance first = start();
		RunningInstance second = start();
		String user = Accounts.register(first.client(), Accounts.uniqueUserId("both"));
		Tokens onSecond = Accounts.loginForTokens(second.client(), user, Accounts.PASSWORD);
		assertThat(forgot(first.client(), user)).isEqualTo(202);
		String token = TestMailServer.token(this.smtp.awaitMailsTo(user + "@example.com", 2, Duration.ofSeconds(20))
			.stream()
			.filter(mail -> TestMailServer.subject(mail).equals("Reset your password"))
			.findFirst()
			.orElseThrow());
		awaitOutboxEmpty();
		assertThat(Accounts.resetPasswordStatus(first.client(), token, "a_new_password")).isEqualTo(204);
		assertThat(Accounts.meStatus(second.client(), onSecond)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(second.client(), onSecond.refreshToken())).isEqualTo(401);
		assertThat(Accounts.loginStatus(second.client(), user, "a_new_password")).isEqualTo(200);
	}

	private RunningInstance start(String... extra) {
		// by name: the later setting of one wins
		Map<String, String> settings = new LinkedHashMap<>();
		Stream.of(this.smtp.properties(),
				new String[] { "auth.mail.retry-interval=500ms", "auth.limits.password-resets-per-address=0" }, extra)
			.flatMap(Stream::of)
			.forEach(setting -> settings.put(setting.substring(0, setting.indexOf('=')), setting));
		String[] properties = settings.values().toArray(String[]::new);
		RunningInstance instance = RunningInstance.start(this.schema, properties);
		this.instances.add(instance);
		return instance;
	}

	private static int forgot(RestTestClient client, String user) {
		return Accounts.forgotPasswordStatus(client, user + "@example.com");
	}

	private List<String> subjects(String user) {
		return this.smtp.mailsTo(user + "@example.com").stream().map(TestMailServer::subject).toList();
	}

	/** At least {@code count} mails have failed to go out at least once. */
	private void awaitFailedSends(int count) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from event_publication where completion_attempts > 0 "
					+ "or status = 'FAILED'") >= count);
	}

	private void awaitOutboxEmpty() {
		await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from event_publication") == 0);
	}

	/**
	 * An SMTP server that refuses every recipient with its {@code reply}, where
	 * {@code {recipient}} stands for the address, as servers often name it.
	 */
	static final class RefusingSmtpServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger recipientsRefused = new AtomicInteger();

		private final String reply;

		RefusingSmtpServer(String reply) throws IOException {
			this.reply = reply;
			Thread.ofVirtual().start(() -> {
				while (!this.socket.isClosed()) {
					try {
						Socket connection = this.socket.accept();
						Thread.ofVirtual().start(() -> converse(connection));
					}
					catch (IOException ex) {
						// closed
					}
				}
			});
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int recipientsRefused() {
			return this.recipientsRefused.get();
		}

		private void converse(Socket connection) {
			try (connection;
					BufferedReader in = new BufferedReader(
							new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
					PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.US_ASCII)) {
				out.print("220 refusing\r\n");
				out.flush();
				for (String line; (line = in.readLine()) != null;) {
					String command = line.toUpperCase(Locale.ROOT);
					if (command.startsWith("RCPT")) {
						this.recipientsRefused.incrementAndGet();
						String recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
						out.print(this.reply.replace("{recipient}", recipient) + "\r\n");
					}
					else if (command.startsWith("QUIT")) {
						out.print("221 bye\r\n");
						out.flush();
						return;
					}
					else {
						out.print("250 ok\r\n");
					}
					out.flush();
				}
			}
			catch (IOException ex) {
				// the client went away
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private int count(String sql) throws SQLException {
		try (Connection connection = this.schema.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
