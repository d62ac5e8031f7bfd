package dev.postsapi.events;

import java.time.Duration;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention settings as operators give them: the documented environment variables.
 */
class SecurityEventsSettingsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void settingsWhenUnsetThenNinetyDaysCleanedHourly() {
		this.context.run(context -> {
			SecurityEventsProperties properties = context.getBean(SecurityEventsProperties.class);
			assertThat(properties.retention()).isEqualTo(Duration.ofDays(90));
			assertThat(properties.cleanupInterval()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void settingsWhenGivenAsEnvironmentVariablesThenBound() {
		this.context
			.withInitializer(EnvironmentVariables.of("AUTH_SECURITY_EVENTS_RETENTION", "30d",
					"AUTH_SECURITY_EVENTS_CLEANUP_INTERVAL", "10m"))
			.run(context -> {
				SecurityEventsProperties properties = context.getBean(SecurityEventsProperties.class);
				assertThat(properties.retention()).isEqualTo(Duration.ofDays(30));
				assertThat(properties.cleanupInterval()).isEqualTo(Duration.ofMinutes(10));
			});
	}

	@Test
	void settingsWhenRetentionIsZeroThenStartUpFailsNamingTheVariable() {
		this.context.withInitializer(EnvironmentVariables.of("AUTH_SECURITY_EVENTS_RETENTION", "0s"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("AUTH_SECURITY_EVENTS_RETENTION"));
	}

	@EnableConfigurationProperties(SecurityEventsProperties.class)
	static class Settings {

	}

}
