package dev.postsapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.awaitility.Awaitility.await;

/**
 * A real SMTP server (GreenMail) on a port of its own, which can be stopped and started
 * again on the same port: the mail tests read what the service sent over SMTP. One is
 * shared by every test context that names no SMTP server of its own.
 */
public final class TestMailServer implements AutoCloseable {

	private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)");

	private static TestMailServer shared;

	private final int port;

	private GreenMail greenMail;

	private volatile Consumer<MimeMessage> onDelivery = (mail) -> {
	};

	private TestMailServer(int port) {
		this.port = port;
		start();
	}

	/** The server every test context without an SMTP server of its own sends to. */
	public static synchronized TestMailServer shared() {
		if (shared == null) {
			shared = new TestMailServer(freePort());
		}
		return shared;
	}

	/** A server of the caller's own, on a free port. */
	public static TestMailServer startOwn() {
		return new TestMailServer(freePort());
	}

	/** The settings that point an instance of the service at this server. */
	public String[] properties() {
		return new String[] { "spring.mail.host=127.0.0.1", "spring.mail.port=" + this.port };
	}

	public synchronized void start() {
		this.greenMail = new GreenMail(new ServerSetup(this.port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.greenMail.start();
		MessageDeliveryHandler delivery = this.greenMail.getUserManager().getMessageDeliveryHandler();
		this.greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
			this.onDelivery.accept(message.getMessage());
			return delivery.handle(message, address);
		});
	}

	/**
	 * Hands each mail to {@code action} as it arrives, before the SMTP server answers
	 * that it took it: what a recipient could do the moment a mail arrives, while its
	 * sender still waits for that answer. {@code mail -> {}} to stop.
	 */
	public void onDelivery(Consumer<MimeMessage> action) {
		this.onDelivery = action;
	}

	/** The SMTP server goes away: connections are refused until {@link #start()}. */
	public synchronized void stop() {
		this.greenMail.stop();
	}

	public synchronized List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(this.greenMail.getReceivedMessages()).filter(mail -> isTo(mail, address)).toList();
	}

	/**
	 * Waits up to {@code timeout} for {@code count} mails to the address, and returns
	 * them.
	 */
	public List<MimeMessage> awaitMailsTo(String address, int count, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> mailsTo(address).size() >= count);
		return mailsTo(address);
	}

	public MimeMessage awaitMailTo(String address) {
		return awaitMailsTo(address, 1, Duration.ofSeconds(20)).getFirst();
	}

	/** A mail's plain text. */
	public static String body(MimeMessage mail) {
		return GreenMailUtil.getBody(mail);
	}

	/** The token of the link in a mail's plain text. */
	public static String token(MimeMessage mail) {
		Matcher link = TOKEN.matcher(body(mail));
		if (!link.find()) {
			throw new AssertionError("No link with a token in: " + body(mail));
		}
		return link.group(1);
	}

	public static String subject(MimeMessage mail) {
		try {
			return mail.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	public static boolean isTo(MimeMessage mail, String address) {
		try {
			return Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
				.anyMatch(to -> to.toString().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Points a test context that names no SMTP server ({@code spring.mail.host}) at the
	 * shared one.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
	public static class SharedServer {

		@Bean
		JavaMailSenderImpl javaMailSender() {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(shared().port);
			return sender;
		}

	}

}
