package dev.postsapi;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.TestDatabaseConfiguration;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pointed at a database of the original service (its schema and a user whose hash passlib
 * made), with Flyway's baseline settings from the README, the service keeps every row and
 * the user logs in with the old password.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=1" })
@AutoConfigureRestTestClient
@ActiveProfiles("test")
class LegacyDatabaseAdoptionIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Flyway flyway;

	@Test
	void loginWhenAdoptedUserByUserIdOrEmailThenOriginalPasswordWorks() {
		for (String username : new String[] { "alice", "alice@example.com" }) {
			String token = Accounts.login(client, username, "strong_password");
			client.get()
				.uri("/users/me")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.user_id")
				.isEqualTo("alice")
				.jsonPath("$.email")
				.isEqualTo("alice@example.com");
		}
	}

	@Test
	void listAllWhenAdoptedUserThenHerOriginalPost() {
		String token = Accounts.login(client, "alice", "strong_password");
		client.get()
			.uri("/posts/all/")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].post_data")
			.isEqualTo("My first post!")
			.jsonPath("$[0].user_id")
			.isEqualTo("alice")
			.jsonPath("$[0].votes")
			.isEqualTo(0);
	}

	@Test
	void migrateWhenBaselinedThenRowsKeptAndLaterMigrationsApplied() {
		assertThat(jdbc.queryForObject("select password from users where user_id = 'alice'", String.class))
			.startsWith("$2b$12$");
		assertThat(jdbc.queryForObject("select post_data from posts where user_id = 'alice'", String.class))
			.isEqualTo("My first post!");
		// version 1 is recorded as the baseline, not run; every later migration ran
		assertThat(jdbc.queryForList("select type from flyway_schema_history where version = '1'", String.class))
			.containsExactly("BASELINE");
		assertThat(flyway.info().pending()).isEmpty();
		assertThat(flyway.info().applied()).hasSizeGreaterThan(1);
		assertThat(jdbc.queryForObject("""
				select count(*) from pg_indexes
				where schemaname = current_schema() and indexname = 'users_email_lower_key'""", Integer.class)).isOne();
	}

	@Test
	void loginWhenAdoptedUserWithWrongPasswordThen401() {
		client.post()
			.uri("/login")
			.contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
			.body(Accounts.form("username", "alice", "password", "not_her_password"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	/**
	 * A fresh schema holding what the original service left behind, before Flyway runs.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OriginalServiceDatabase {

		@Bean
		TestSchema testSchema() throws Exception {
			TestSchema schema = TestSchema.create(PostgresServer.get());
			String seed = new ClassPathResource("legacy/seed-schema.sql").getContentAsString(StandardCharsets.UTF_8);
			try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
				statement.execute(seed);
			}
			return schema;
		}

		@Bean
		JdbcConnectionDetails jdbcConnectionDetails(TestSchema schema) {
			return TestDatabaseConfiguration.connectionDetails(schema);
		}

	}

}
