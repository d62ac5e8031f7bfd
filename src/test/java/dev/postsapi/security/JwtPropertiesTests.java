package dev.postsapi.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access-token settings as operators give them: environment variables, checked at
 * start-up.
 */
class JwtPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void secretWhen256BitsThenBoundWithTheLifetime() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String secret = Base64.getEncoder().encodeToString(random);
		this.context
			.withInitializer(EnvironmentVariables.of("AUTH_JWT_SECRET", secret, "AUTH_JWT_ACCESS_TOKEN_TTL", "5m"))
			.run(context -> {
				JwtProperties properties = context.getBean(JwtProperties.class);
				assertThat(properties.secretBytes()).hasSize(32);
				assertThat(properties.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void secretWhenUnder256BitsThenStartUpFailsSayingWhy() {
		String secret = Base64.getEncoder().encodeToString(new byte[31]);
		this.context.withInitializer(EnvironmentVariables.of("AUTH_JWT_SECRET", secret))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("AUTH_JWT_SECRET")
				.hasMessageContaining("248 bits")
				.hasMessageContaining("at least 256 bits"));
	}

	@Test
	void secretWhenNotRandomThenStartUpFailsSayingWhy() {
		for (byte[] madeUp : new byte[][] { new byte[32], "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes() }) {
			this.context
				.withInitializer(EnvironmentVariables.of("AUTH_JWT_SECRET", Base64.getEncoder().encodeToString(madeUp)))
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("AUTH_JWT_SECRET")
					.hasMessageContaining("not a random key"));
		}
	}

	@Test
	void secretWhenNotBase64ThenStartUpFails() {
		this.context.withInitializer(EnvironmentVariables.of("AUTH_JWT_SECRET", "not base64 at all!"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("AUTH_JWT_SECRET")
				.hasMessageContaining("base64"));
	}

	@Test
	void secretWhenAbsentOrBlankThenOneIsGenerated() {
		this.context.run(context -> assertThat(context.getBean(JwtProperties.class).hasSecret()).isFalse());
		this.context.withInitializer(EnvironmentVariables.of("AUTH_JWT_SECRET", "  "))
			.run(context -> assertThat(context.getBean(JwtProperties.class).hasSecret()).isFalse());
	}

	@Test
	void accessTokenTtlWhenNotPositiveThenStartUpFailsNamingTheVariable() {
		this.context.withInitializer(EnvironmentVariables.of("AUTH_JWT_ACCESS_TOKEN_TTL", "0s"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must be longer than or equal to 1 second")
				.hasMessageContaining("origin \"AUTH_JWT_ACCESS_TOKEN_TTL\""));
	}

	@Test
	void unknownSettingUnderAuthJwtThenStartUpFails() {
		this.context.withPropertyValues("auth.jwt.secre=typo").run(context -> assertThat(context).hasFailed());
	}

	@EnableConfigurationProperties(JwtProperties.class)
	static class Settings {

	}

}
