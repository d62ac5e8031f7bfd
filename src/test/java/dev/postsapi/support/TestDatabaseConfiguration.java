package dev.postsapi.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the application context at a fresh schema on the test server, so test classes
 * with different contexts and repeated runs never see each other's rows. Flyway migrates
 * it like any new database; the schema is dropped when the context closes.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	TestSchema testSchema() {
		return TestSchema.create(PostgresServer.get());
	}

	@Bean
	JdbcConnectionDetails jdbcConnectionDetails(TestSchema schema) {
		return connectionDetails(schema);
	}

	public static JdbcConnectionDetails connectionDetails(TestSchema schema) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return schema.server().username();
			}

			@Override
			public String getPassword() {
				return schema.server().password();
			}

			@Override
			public String getJdbcUrl() {
				return schema.jdbcUrl();
			}

		};
	}

	/**
	 * A schema of its own on the shared server; {@link #jdbcUrl()} makes it the default
	 * one.
	 */
	public record TestSchema(PostgresServer server, String name) implements AutoCloseable {

		public static TestSchema create(PostgresServer server) {
			TestSchema schema = new TestSchema(server, "test_" + UUID.randomUUID().toString().replace("-", ""));
			schema.execute("CREATE SCHEMA " + schema.name);
			return schema;
		}

		public String jdbcUrl() {
			String separator = server.jdbcUrl().contains("?") ? "&" : "?";
			return server.jdbcUrl() + separator + "currentSchema=" + name;
		}

		public Connection connect() throws SQLException {
			return DriverManager.getConnection(jdbcUrl(), server.username(), server.password());
		}

		/** The one number {@code sql} answers, asked on this schema. */
		public long count(String sql) {
			try (Connection connection = connect();
					PreparedStatement statement = connection.prepareStatement(sql);
					ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(sql, ex);
			}
		}

		@Override
		public void close() {
			execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
		}

		private void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
					server.password()); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not prepare the test database (" + server.kind() + "): " + sql,
						ex);
			}
		}

	}

}
