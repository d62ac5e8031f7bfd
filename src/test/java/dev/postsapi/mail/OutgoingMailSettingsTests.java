package dev.postsapi.mail;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail's From as operators give it: one address, with or without a name, or no start
 * (every mail would fail at its send, and be retried for ever).
 */
class OutgoingMailSettingsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void fromWhenOneAddressWithOrWithoutANameThenBound() {
		for (String from : new String[] { "Posts <no-reply@example.com>", "no-reply@example.com" }) {
			this.context.withInitializer(EnvironmentVariables.of("AUTH_MAIL_FROM", from))
				.run((context) -> assertThat(context.getBean(OutgoingMailProperties.class).from()).isEqualTo(from));
		}
		this.context.run((context) -> assertThat(context.getBean(OutgoingMailProperties.class).from())
			.isEqualTo("posts-api@localhost"));
	}

	@Test
	void fromWhenNotOneAddressThenStartUpFailsNamingTheVariable() {
		for (String from : new String[] { "a@example.com, b@example.com", "Posts <no-reply@example.com",
				"no-reply@example.com>" }) {
			this.context.withInitializer(EnvironmentVariables.of("AUTH_MAIL_FROM", from))
				.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("AUTH_MAIL_FROM"));
		}
	}

	@EnableConfigurationProperties(OutgoingMailProperties.class)
	static class Settings {

	}

}
