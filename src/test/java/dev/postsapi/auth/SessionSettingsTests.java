package dev.postsapi.auth;

import java.time.Duration;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The session settings as operators give them: the documented environment variables. */
class SessionSettingsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void settingsWhenUnsetThenTheDocumentedDefaults() {
		this.context.run(context -> {
			assertThat(context.getBean(RefreshTokenProperties.class).tokenTtl()).isEqualTo(Duration.ofDays(14));
			assertThat(context.getBean(RefreshTokenProperties.class).reuseInterval()).isZero();
			assertThat(context.getBean(SessionProperties.class).maxLifetime()).isEqualTo(Duration.ofDays(90));
			assertThat(context.getBean(SessionProperties.class).cleanupInterval()).isEqualTo(Duration.ofHours(1));
			assertThat(context.getBean(SessionProperties.class).maxPerUser()).isEqualTo(50);
		});
	}

	@Test
	void settingsWhenGivenAsEnvironmentVariablesThenBound() {
		this.context
			.withInitializer(EnvironmentVariables.of("AUTH_REFRESH_TOKEN_TTL", "7d", "AUTH_REFRESH_REUSE_INTERVAL",
					"10s", "AUTH_SESSION_MAX_LIFETIME", "30d", "AUTH_SESSION_CLEANUP_INTERVAL", "5m",
					"AUTH_SESSION_MAX_PER_USER", "3"))
			.run(context -> {
				RefreshTokenProperties refresh = context.getBean(RefreshTokenProperties.class);
				assertThat(refresh.tokenTtl()).isEqualTo(Duration.ofDays(7));
				assertThat(refresh.reuseInterval()).isEqualTo(Duration.ofSeconds(10));
				assertThat(context.getBean(SessionProperties.class).maxLifetime()).isEqualTo(Duration.ofDays(30));
				assertThat(context.getBean(SessionProperties.class).cleanupInterval()).isEqualTo(Duration.ofMinutes(5));
				assertThat(context.getBean(SessionProperties.class).maxPerUser()).isEqualTo(3);
			});
	}

	@Test
	void settingsWhenOutOfRangeThenStartUpFailsNamingTheVariable() {
		String[][] cases = { { "AUTH_REFRESH_TOKEN_TTL", "0s" }, { "AUTH_REFRESH_REUSE_INTERVAL", "-1s" },
				{ "AUTH_SESSION_MAX_LIFETIME", "0s" }, { "AUTH_SESSION_CLEANUP_INTERVAL", "0s" },
				{ "AUTH_SESSION_MAX_PER_USER", "0" },
				// past what a database interval holds: every login would fail
				{ "AUTH_SESSION_MAX_LIFETIME", "200000000d" }, { "AUTH_REFRESH_TOKEN_TTL", "36501d" } };
		for (String[] setting : cases) {
			this.context.withInitializer(EnvironmentVariables.of(setting[0], setting[1]))
				.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(setting[0]));
		}
	}

	@EnableConfigurationProperties({ RefreshTokenProperties.class, SessionProperties.class })
	static class Settings {

	}

}
