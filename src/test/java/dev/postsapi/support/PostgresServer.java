package dev.postsapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests use, started at most once per JVM:
 * {@code TEST_DATABASE_URL} when set (with
 * {@code TEST_DATABASE_USERNAME}/{@code TEST_DATABASE_PASSWORD}); else a Testcontainers
 * PostgreSQL when a Docker engine answers; else an embedded PostgreSQL, which needs
 * nothing installed. Test contexts each get a schema of their own on it.
 */
public record PostgresServer(String jdbcUrl, String username, String password, String kind) {

	private static PostgresServer instance;

	public static synchronized PostgresServer get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	private static PostgresServer start() {
		String url = System.getenv("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return new PostgresServer(url, env("TEST_DATABASE_USERNAME", "postgres"), env("TEST_DATABASE_PASSWORD", ""),
					"TEST_DATABASE_URL");
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start(); // stopped by Testcontainers' reaper when the JVM ends
			return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers");
		}
		try {
			// stopped by its shutdown hook
			EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
			return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
					"embedded PostgreSQL");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded PostgreSQL", ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
