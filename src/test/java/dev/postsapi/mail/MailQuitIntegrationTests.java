package dev.postsapi.mail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that takes the message and then never answers QUIT (some relays do): the
 * mail is sent, once, at the first attempt, rather than failed after the read timeout and
 * sent again with a new link (the first one dead).
 */
@IntegrationTest
class MailQuitIntegrationTests {

	static final SilentOnQuit server = new SilentOnQuit();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", server::port);
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
	}

	@Test
	void sendWhenTheServerNeverAnswersQuitThenTheMailIsSentOnce() {
		String userId = Accounts.uniqueUserId("quiet");
		this.client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();

		// done well inside the 10 s read timeout a QUIT awaited would take
		await().atMost(Duration.ofSeconds(6))
			.until(() -> this.jdbc.queryForObject("select count(*) from event_publication", Integer.class) == 0);
		assertThat(server.messages.get()).isEqualTo(1);
	}

	/** Answers every command of a plain SMTP session, but QUIT. */
	static final class SilentOnQuit implements AutoCloseable {

		final AtomicInteger messages = new AtomicInteger();

		private final ServerSocket socket;

		private final List<Socket> sessions = new ArrayList<>();

		SilentOnQuit() {
			try {
				this.socket = new ServerSocket(0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread.ofVirtual().start(this::accept);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket session = this.socket.accept();
					synchronized (this.sessions) {
						this.sessions.add(session);
					}
					Thread.ofVirtual().start(() -> serve(session));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket session) {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(session.getInputStream(), StandardCharsets.US_ASCII))) {
				OutputStream out = session.getOutputStream();
				reply(out, "220 localhost ESMTP");
				boolean data = false;
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (data) {
						if (line.equals(".")) {
							data = false;
							this.messages.incrementAndGet();
							reply(out, "250 2.0.0 Ok: queued");
						}
						continue;
					}
					String command = line.toUpperCase(Locale.ROOT);
					if (command.startsWith("QUIT")) {
						// no answer, the connection left open
						continue;
					}
					if (command.startsWith("DATA")) {
						data = true;
						reply(out, "354 End data with <CR><LF>.<CR><LF>");
						continue;
					}
					reply(out, "250 Ok");
				}
			}
			catch (IOException ex) {
				// the client went away
			}
		}

		private static void reply(OutputStream out, String line) throws IOException {
			out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			synchronized (this.sessions) {
				for (Socket session : this.sessions) {
					session.close();
				}
			}
		}

	}

}
