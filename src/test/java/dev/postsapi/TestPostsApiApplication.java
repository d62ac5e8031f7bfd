package dev.postsapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The zero-setup local run, {@code ./mvnw spring-boot:test-run}: the real application,
 * plus an embedded PostgreSQL (data kept in {@code .data/postgres} between runs) unless
 * {@code SPRING_DATASOURCE_URL} names a server, an SMTP server that logs each mail, and a
 * lasting AUTH_JWT_SECRET unless one is set. It lives in the test tree so the production
 * jar does not carry PostgreSQL binaries.
 */
public class TestPostsApiApplication {

	public static void main(String[] args) throws IOException {
		keepSecret(Path.of(".data", "jwt-secret.properties"));
		SpringApplication.from(PostsApiApplication::main)
			.with(EmbeddedDatabase.class, EmbeddedMail.class, KeptSecret.class)
			.run(args);
	}

	/**
	 * Makes, once, an AUTH_JWT_SECRET of this checkout's own in {@code file}, readable by
	 * its owner only: the signing keys the first run sealed in {@code .data/postgres}
	 * open at every later run (under a random secret per run, the second would not
	 * start), and tokens outlive a restart.
	 */
	static void keepSecret(Path file) throws IOException {
		if (Files.exists(file)) {
			return;
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(file);
		}
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		Files.writeString(file, "auth.jwt.secret=" + Base64.getEncoder().encodeToString(secret) + "\n");
	}

	/**
	 * The kept secret, below every other source of settings: AUTH_JWT_SECRET, or a secret
	 * set anywhere else, wins.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@PropertySource("file:${posts-api.kept-secret:.data/jwt-secret.properties}")
	static class KeptSecret {

	}

	/**
	 * An SMTP server in the JVM (GreenMail, port 3025 or {@code SPRING_MAIL_PORT}) unless
	 * {@code SPRING_MAIL_HOST} names one; every mail it receives is logged with its link,
	 * so a reset or a verification can be done from a terminal.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
	static class EmbeddedMail {

		private static final Logger log = LoggerFactory.getLogger(TestPostsApiApplication.class);

		@Bean(destroyMethod = "stop")
		GreenMail greenMail(@Value("${spring.mail.port:3025}") int port) {
			GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			greenMail.start();
			Thread.ofVirtual().name("mail-log").start(() -> logMails(greenMail));
			return greenMail;
		}

		@Bean
		JavaMailSenderImpl javaMailSender(GreenMail greenMail) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(greenMail.getSmtp().getPort());
			return sender;
		}

		/**
		 * Each mail once, by its Message-ID: GreenMail lists the received mails mailbox
		 * by mailbox, so a new mail to an older mailbox is not at the end of the list.
		 */
		private static void logMails(GreenMail greenMail) {
			Set<String> logged = new HashSet<>();
			while (greenMail.isRunning()) {
				for (MimeMessage mail : greenMail.getReceivedMessages()) {
					if (logged.add(messageId(mail))) {
						log.info("Mail to {}", describe(mail));
					}
				}
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		private static String messageId(MimeMessage mail) {
			try {
				String id = mail.getMessageID();
				return (id != null) ? id : "no-id@" + System.identityHashCode(mail);
			}
			catch (MessagingException ex) {
				return "unreadable@" + System.identityHashCode(mail);
			}
		}

		private static String describe(MimeMessage mail) {
			try {
				Matcher link = Pattern.compile("https?://\\S+").matcher(GreenMailUtil.getBody(mail));
				return String.join(", ", Arrays.stream(mail.getAllRecipients()).map(Object::toString).toList()) + ": \""
						+ mail.getSubject() + "\"" + (link.find() ? " " + link.group() : "");
			}
			catch (MessagingException ex) {
				return "(unreadable: " + ex.getMessage() + ")";
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
	static class EmbeddedDatabase {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres() throws IOException {
			// stopped by the context, after what uses it: its own shutdown hook
			// stopped it first, and the pool and the outbox's last writes failed
			// loudly at every stop
			return EmbeddedPostgres.builder()
				.setDataDirectory(Path.of(".data", "postgres"))
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.start();
		}

		@Bean
		JdbcConnectionDetails jdbcConnectionDetails(EmbeddedPostgres postgres) {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "postgres";
				}

				@Override
				public String getPassword() {
					return "postgres";
				}

				@Override
				public String getJdbcUrl() {
					return postgres.getJdbcUrl("postgres", "postgres");
				}

			};
		}

	}

}
