package dev.postsapi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The zero-setup local run, {@code ./mvnw spring-boot:test-run}: the real application,
 * plus an embedded PostgreSQL (data kept in {@code .data/postgres} between runs) unless
 * {@code SPRING_DATASOURCE_URL} names a server, and an SMTP server that logs each mail.
 * It lives in the test tree so the production jar does not carry PostgreSQL binaries.
 */
public class TestPostsApiApplication {

	public static void main(String[] args) {
		SpringApplication.from(PostsApiApplication::main).with(EmbeddedDatabase.class, EmbeddedMail.class).run(args);
	}

	/**
	 * An SMTP server in the JVM (GreenMail, port 3025) unless {@code SPRING_MAIL_HOST}
	 * names one; every mail it receives is logged with its link, so a reset or a
	 * verification can be done from a terminal.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
	static class EmbeddedMail {

		private static final Logger log = LoggerFactory.getLogger(TestPostsApiApplication.class);

		private static final int PORT = 3025;

		@Bean(destroyMethod = "stop")
		GreenMail greenMail() {
			GreenMail greenMail = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			greenMail.start();
			Thread.ofVirtual().name("mail-log").start(() -> logMails(greenMail));
			return greenMail;
		}

		@Bean
		JavaMailSenderImpl javaMailSender(GreenMail greenMail) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(PORT);
			return sender;
		}

		private static void logMails(GreenMail greenMail) {
			int logged = 0;
			while (greenMail.isRunning()) {
				MimeMessage[] received = greenMail.getReceivedMessages();
				for (; logged < received.length; logged++) {
					log.info("Mail to {}", describe(received[logged]));
				}
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return;
				}
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
			return EmbeddedPostgres.builder()
				.setDataDirectory(Path.of(".data", "postgres"))
				.setCleanDataDirectory(false)
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
