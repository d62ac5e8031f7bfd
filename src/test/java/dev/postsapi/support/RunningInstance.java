package dev.postsapi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.postsapi.PostsApiApplication;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A whole instance of the service on a port of its own, as a second (or third) instance
 * beside others sharing one database: what a deployment of several instances is.
 */
public final class RunningInstance implements AutoCloseable {

	private static final ReentrantLock LOGGING_SET_UP = new ReentrantLock();

	private final ConfigurableApplicationContext context;

	private final RestTestClient client;

	private RunningInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.client = RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	/**
	 * Starts an instance on a free port against {@code schema}, with the test profile's
	 * settings; its mail goes to the shared test SMTP server unless {@code properties}
	 * name another ({@link TestMailServer#properties()}).
	 */
	public static RunningInstance start(TestSchema schema, String... properties) {
		return start(schema, new Class<?>[0], properties);
	}

	/** The same with {@code configurations} added to the application's own. */
	public static RunningInstance start(TestSchema schema, Class<?>[] configurations, String... properties) {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--spring.datasource.url=" + schema.jdbcUrl(),
						"--spring.datasource.username=" + schema.server().username(),
						"--spring.datasource.password=" + schema.server().password()));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		// command-line arguments, so they win over application.yml as an operator's
		// settings do. Boot sets up logging per JVM, not thread-safely: instances
		// starting at once take turns until their contexts are initialized, then start
		// on together
		LOGGING_SET_UP.lock();
		try {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(PostsApiApplication.class)
				.sources(configurations)
				.sources(TestMailServer.SharedServer.class)
				.profiles("test")
				.listeners((ApplicationEvent event) -> {
					if (event instanceof ApplicationContextInitializedEvent) {
						releaseLoggingSetUp();
					}
				})
				.run(arguments.toArray(String[]::new));
			return new RunningInstance(context);
		}
		finally {
			releaseLoggingSetUp();
		}
	}

	private static void releaseLoggingSetUp() {
		if (LOGGING_SET_UP.isHeldByCurrentThread()) {
			LOGGING_SET_UP.unlock();
		}
	}

	public RestTestClient client() {
		return this.client;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
