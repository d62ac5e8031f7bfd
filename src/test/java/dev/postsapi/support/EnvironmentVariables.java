package dev.postsapi.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Environment variables for a test context, bound the way Boot binds the real ones (the
 * names operators type, such as {@code AUTH_JWT_SECRET}), without touching the process
 * environment.
 */
public final class EnvironmentVariables {

	private EnvironmentVariables() {
	}

	/** Names and values, alternating. */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> of(String... namesAndValues) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			variables.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		return context -> context.getEnvironment()
			.getPropertySources()
			.replace(name, new SystemEnvironmentPropertySource(name, variables));
	}

}
