package dev.postsapi.limits;

import java.time.Duration;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits' settings as operators give them: the documented environment variables. */
class LimitsSettingsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void settingsWhenUnsetThenTheDocumentedDefaults() {
		this.context.run(context -> {
			LimitsProperties limits = context.getBean(LimitsProperties.class);
			assertThat(limits.loginFailuresPerAccountAndAddress()).isEqualTo(10);
			assertThat(limits.loginFailuresPerAddress()).isEqualTo(100);
			assertThat(limits.loginFailuresPerAccount()).isEqualTo(100);
			assertThat(limits.registrationsPerAddress()).isEqualTo(20);
			assertThat(limits.loginWindow()).isEqualTo(Duration.ofMinutes(15));
			assertThat(limits.loginAccountWindow()).isEqualTo(Duration.ofHours(1));
			assertThat(limits.registrationWindow()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void settingsWhenGivenAsEnvironmentVariablesThenBound() {
		this.context
			.withInitializer(EnvironmentVariables.of("AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "5",
					"AUTH_LIMITS_LOGIN_FAILURES_PER_ADDRESS", "50", "AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT", "0",
					"AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS", "3", "AUTH_LIMITS_LOGIN_WINDOW", "5m",
					"AUTH_LIMITS_LOGIN_ACCOUNT_WINDOW", "2h", "AUTH_LIMITS_REGISTRATION_WINDOW", "1d"))
			.run(context -> {
				LimitsProperties limits = context.getBean(LimitsProperties.class);
				assertThat(limits.loginFailuresPerAccountAndAddress()).isEqualTo(5);
				assertThat(limits.loginFailuresPerAddress()).isEqualTo(50);
				assertThat(limits.loginFailuresPerAccount()).isZero();
				assertThat(limits.registrationsPerAddress()).isEqualTo(3);
				assertThat(limits.loginWindow()).isEqualTo(Duration.ofMinutes(5));
				assertThat(limits.loginAccountWindow()).isEqualTo(Duration.ofHours(2));
				assertThat(limits.registrationWindow()).isEqualTo(Duration.ofDays(1));
			});
	}

	@Test
	void settingsWhenNegativeOrZeroWindowThenStartUpFailsNamingTheVariable() {
		String[][] cases = { { "AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "-1" },
				{ "AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS", "-5" }, { "AUTH_LIMITS_LOGIN_WINDOW", "0s" } };
		for (String[] setting : cases) {
			this.context.withInitializer(EnvironmentVariables.of(setting[0], setting[1]))
				.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(setting[0]));
		}
	}

	@EnableConfigurationProperties(LimitsProperties.class)
	static class Settings {

	}

}
