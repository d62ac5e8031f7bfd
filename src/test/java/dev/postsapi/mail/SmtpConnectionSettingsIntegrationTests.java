package dev.postsapi.mail;

import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import dev.postsapi.support.TestMailServer;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail sender Spring Boot makes from application.yml (an instance given an SMTP
 * server, as in production) connects with {@link BoundedSmtpSockets}
 * (BoundedSmtpSocketsTests: what they bound), and never falls back to JavaMail's own.
 */
class SmtpConnectionSettingsIntegrationTests {

	@Test
	void mailSenderWhenMadeFromApplicationYmlThenItsConnectionsAreBoundedWithoutFallback() {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				TestMailServer smtp = TestMailServer.startOwn();
				RunningInstance instance = RunningInstance.start(schema, smtp.properties())) {
			assertThat(instance.context().getBean(JavaMailSenderImpl.class).getJavaMailProperties())
				.containsEntry("mail.smtp.socketFactory.class", BoundedSmtpSockets.class.getName())
				.containsEntry("mail.smtp.socketFactory.fallback", "false")
				.containsEntry("mail.smtp.timeout", "10000");
		}
	}

}
