package dev.postsapi.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JavaMail over bounded sockets, against SMTP servers that never end a reply: one that
 * drips it (each read on time, the conversation without end) and one that floods it (the
 * heap filled), and a working one.
 */
class BoundedSmtpSocketsTests {

	private ServerSocket hostile;

	@AfterEach
	void stopTheServer() throws IOException {
		if (this.hostile != null) {
			this.hostile.close();
		}
	}

	@Test
	void sendWhenTheServerDripsItsGreetingThenFailsAtTheDeadlineThoughEachReadIsOnTime() throws Exception {
		int port = serve((out) -> {
			while (true) {
				out.write("220-still greeting you\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Thread.sleep(100);
			}
		});
		JavaMailSenderImpl sender = sender(port, new BoundedSmtpSockets(Duration.ofSeconds(1), 1024 * 1024));

		long start = System.nanoTime();
		assertThatExceptionOfType(MailSendException.class).isThrownBy(() -> sender.send(mail()))
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.hasMessageContaining("took longer than PT1S"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void sendWhenTheServerFloodsItsGreetingThenFailsPastTheByteLimit() throws Exception {
		int port = floodingServer();
		JavaMailSenderImpl sender = sender(port, new BoundedSmtpSockets(Duration.ofSeconds(30), 64 * 1024));

		assertThatExceptionOfType(MailSendException.class).isThrownBy(() -> sender.send(mail()))
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.hasMessageContaining("sent more than 65536 bytes"));
	}

	@Test
	void sendWhenMadeByNameAsApplicationYmlNamesItThenBoundedAndAWorkingServerGetsTheMail() throws Exception {
		int flooding = floodingServer();
		assertThatExceptionOfType(MailSendException.class).isThrownBy(() -> byName(flooding).send(mail()))
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.hasMessageContaining("sent more than 1048576 bytes"));

		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		try {
			byName(server.getSmtp().getPort()).send(mail());
			assertThat(server.getReceivedMessages()).hasSize(1);
		}
		finally {
			server.stop();
		}
	}

	/** A sender whose JavaMail makes the factory by name, without falling back. */
	private static JavaMailSenderImpl byName(int port) {
		JavaMailSenderImpl sender = sender(port, null);
		sender.getJavaMailProperties().setProperty("mail.smtp.socketFactory.class", BoundedSmtpSockets.class.getName());
		sender.getJavaMailProperties().setProperty("mail.smtp.socketFactory.fallback", "false");
		return sender;
	}

	private static JavaMailSenderImpl sender(int port, BoundedSmtpSockets sockets) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		Properties properties = sender.getJavaMailProperties();
		properties.setProperty("mail.smtp.connectiontimeout", "10000");
		properties.setProperty("mail.smtp.timeout", "10000");
		if (sockets != null) {
			properties.put("mail.smtp.socketFactory", sockets);
		}
		return sender;
	}

	private static SimpleMailMessage mail() {
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom("posts-api@localhost");
		mail.setTo("alice@example.com");
		mail.setSubject("Hello");
		mail.setText("A mail");
		return mail;
	}

	/**
	 * A server whose greeting never ends: 1,000-byte continuation lines, without pause.
	 */
	private int floodingServer() throws IOException {
		byte[] line = ("220-" + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		return serve((out) -> {
			while (true) {
				out.write(line);
			}
		});
	}

	/** A server on a free port that answers each connection with {@code reply}. */
	private int serve(Reply reply) throws IOException {
		this.hostile = new ServerSocket(0);
		Thread.ofVirtual().start(() -> {
			while (!this.hostile.isClosed()) {
				try (Socket client = this.hostile.accept()) {
					reply.write(client.getOutputStream());
				}
				catch (Exception ex) {
					// the client hung up, or the test ended
				}
			}
		});
		return this.hostile.getLocalPort();
	}

	@FunctionalInterface
	interface Reply {

		void write(OutputStream out) throws Exception;

	}

}
