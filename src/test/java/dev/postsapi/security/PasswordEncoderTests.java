package dev.postsapi.security;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The password encoder: legacy hashes verify, new ones are bcrypt at the set cost, named
 * $2y$ (which the original's passlib reads too).
 */
class PasswordEncoderTests {

	/**
	 * passlib's bcrypt hash of "strong_password" at cost 12, from the original service's
	 * database.
	 */
	private static final String PASSLIB_HASH = "$2b$12$8FgLDHXDz.pcCWgo5T0m2e.dB1y/vKutuqQh5MT0D4e88etmX5O3m";

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(PasswordConfiguration.class, Settings.class);

	private final PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder(new PasswordProperties(4, 1));

	@Test
	void matchesWhenOriginalServicesUnprefixedHashThenChecksWithBcrypt() {
		assertThat(this.encoder.matches("strong_password", PASSLIB_HASH)).isTrue();
		assertThat(this.encoder.matches("wrong_password", PASSLIB_HASH)).isFalse();
	}

	@Test
	void encodeWhenCostSetThenBcryptAtThatCost() {
		this.context.withInitializer(EnvironmentVariables.of("AUTH_PASSWORD_BCRYPT_STRENGTH", "5")).run(context -> {
			String hash = context.getBean(PasswordEncoder.class).encode("strong_password");
			assertThat(hash).startsWith("$2y$05$");
			assertThat(this.encoder.matches("strong_password", hash)).isTrue();
		});
	}

	@Test
	void encodeWhenNoCostSetThenTheOriginalsTwelve() {
		this.context.run(context -> assertThat(context.getBean(PasswordEncoder.class).encode("strong_password"))
			.startsWith("$2y$12$"));
	}

	@Test
	void bcryptStrengthWhenOutOfRangeThenStartUpFailsNamingTheVariable() {
		String[][] cases = { { "3", "must be greater than or equal to 4" },
				{ "32", "must be less than or equal to 31" } };
		for (String[] strength : cases) {
			this.context.withInitializer(EnvironmentVariables.of("AUTH_PASSWORD_BCRYPT_STRENGTH", strength[0]))
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining(strength[1])
					.hasMessageContaining("origin \"AUTH_PASSWORD_BCRYPT_STRENGTH\""));
		}
	}

	@EnableConfigurationProperties(PasswordProperties.class)
	static class Settings {

	}

}
