package dev.postsapi.security;

import java.net.URI;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code APP_PUBLIC_URL} as operators give it: an http(s) URL with a host and no query or
 * fragment, else start-up fails naming the variable.
 */
class PublicUrlPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void publicUrlWhenUnsetThenNone() {
		this.context.run(context -> assertThat(context.getBean(PublicUrlProperties.class).publicUrl()).isNull());
	}

	@Test
	void publicUrlWhenHttpsWithTrailingSlashThenBoundWithout() {
		this.context.withInitializer(EnvironmentVariables.of("APP_PUBLIC_URL", "https://api.example.com/"))
			.run(context -> assertThat(context.getBean(PublicUrlProperties.class).publicUrl())
				.isEqualTo(URI.create("https://api.example.com")));
	}

	@Test
	void publicUrlWhenNotAnHttpUrlOrWithAQueryThenStartUpFailsNamingTheVariable() {
		for (String value : new String[] { "ftp://x", "https://api.example.com?x=1", "https://api.example.com/#top",
				"api.example.com", "https:///path" }) {
			this.context.withInitializer(EnvironmentVariables.of("APP_PUBLIC_URL", value))
				.run(context -> assertThat(context).as(value)
					.getFailure()
					.rootCause()
					.hasMessageContaining("APP_PUBLIC_URL"));
		}
	}

	@EnableConfigurationProperties(PublicUrlProperties.class)
	static class Settings {

	}

}
