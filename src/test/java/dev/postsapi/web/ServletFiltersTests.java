package dev.postsapi.web;

import dev.postsapi.json.RequestProperties;
import dev.postsapi.support.EnvironmentVariables;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** How the servlet container is set up, as operators configure it. */
class ServletFiltersTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(ServletFilters.class, Settings.class);

	@Test
	void forwardHeadersStrategyWhenFrameworkThenStartUpFailsNamingTheVariable() {
		this.context.withInitializer(EnvironmentVariables.of("SERVER_FORWARD_HEADERS_STRATEGY", "framework"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("SERVER_FORWARD_HEADERS_STRATEGY=framework is not supported"));
	}

	@Test
	void forwardHeadersStrategyWhenNativeOrNoneThenStarts() {
		for (String strategy : new String[] { "native", "none" }) {
			this.context.withInitializer(EnvironmentVariables.of("SERVER_FORWARD_HEADERS_STRATEGY", strategy))
				.run(context -> assertThat(context).hasNotFailed());
		}
	}

	@EnableConfigurationProperties({ ServerProperties.class, RequestProperties.class })
	static class Settings {

	}

}
