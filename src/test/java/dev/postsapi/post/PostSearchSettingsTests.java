package dev.postsapi.post;

import java.time.Duration;

import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The search bounds as operators give them: the documented environment variables. */
class PostSearchSettingsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void settingsWhenGivenAsEnvironmentVariablesThenBound() {
		this.context
			.withInitializer(EnvironmentVariables.of("POSTS_SEARCH_CONCURRENCY", "2", "POSTS_SEARCH_TIMEOUT", "3s"))
			.run(context -> {
				PostSearchProperties search = context.getBean(PostSearchProperties.class);
				assertThat(search.concurrency()).isEqualTo(2);
				assertThat(search.timeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void settingsWhenOutOfRangeThenStartUpFailsNamingTheVariable() {
		// past a day, the transaction timeout's seconds would not fit where Spring keeps
		// them
		String[][] cases = { { "POSTS_SEARCH_CONCURRENCY", "0" }, { "POSTS_SEARCH_TIMEOUT", "0s" },
				{ "POSTS_SEARCH_TIMEOUT", "30000d" } };
		for (String[] setting : cases) {
			this.context
				.withInitializer(EnvironmentVariables.of("POSTS_SEARCH_CONCURRENCY", "4", "POSTS_SEARCH_TIMEOUT", "5s",
						setting[0], setting[1]))
				.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(setting[0]));
		}
	}

	@EnableConfigurationProperties(PostSearchProperties.class)
	static class Settings {

	}

}
