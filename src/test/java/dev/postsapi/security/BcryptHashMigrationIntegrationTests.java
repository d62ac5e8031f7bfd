package dev.postsapi.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V15: the hashes this service stored as {bcrypt}$2b$ become $2y$, which the original's
 * passlib reads, and still verify as ours; the original's own hashes stay as they were.
 */
class BcryptHashMigrationIntegrationTests {

	/** passlib's hash of "strong_password", from the original's database. */
	private static final String PASSLIB_HASH = "$2b$12$8FgLDHXDz.pcCWgo5T0m2e.dB1y/vKutuqQh5MT0D4e88etmX5O3m";

	@Test
	void migrateWhenHashesOfOursFromBeforeThenNamedAsPasslibReadsAndStillOurs() throws SQLException {
		PostgresServer server = PostgresServer.get();
		try (TestSchema schema = TestSchema.create(server)) {
			migrate(schema, "14");
			String password = "p".repeat(72);
			String ours = BCrypt.hashpw(password, BCrypt.gensalt("$2b", 4));
			try (Connection connection = schema.connect()) {
				insertUser(connection, "ours", "{bcrypt}" + ours);
				insertUser(connection, "original", PASSLIB_HASH);
			}

			migrate(schema, "latest");

			try (Connection connection = schema.connect()) {
				String migrated = passwordOf(connection, "ours");
				assertThat(migrated).isEqualTo("$2y$" + ours.substring(4));
				assertThat(passwordOf(connection, "original")).isEqualTo(PASSLIB_HASH);
				Bcrypt bcrypt = new Bcrypt(null, 4);
				assertThat(bcrypt.matches(password, migrated)).isTrue();
				// still ours: a typed password past 72 bytes is refused, never cut
				assertThat(bcrypt.matches(password + "x", migrated)).isFalse();
				assertThat(BCrypt.checkpw(password, migrated)).as("another bcrypt reads it").isTrue();
			}
		}
	}

	private static void migrate(TestSchema schema, String target) {
		PostgresServer server = schema.server();
		Flyway.configure()
			.dataSource(schema.jdbcUrl(), server.username(), server.password())
			.target(target)
			.load()
			.migrate();
	}

	private static void insertUser(Connection connection, String userId, String hash) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("insert into users (user_id, email, password) values (?, ?, ?)")) {
			insert.setString(1, userId);
			insert.setString(2, userId + "@example.com");
			insert.setString(3, hash);
			insert.executeUpdate();
		}
	}

	private static String passwordOf(Connection connection, String userId) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("select password from users where user_id = ?")) {
			select.setString(1, userId);
			try (ResultSet row = select.executeQuery()) {
				row.next();
				return row.getString(1);
			}
		}
	}

}
