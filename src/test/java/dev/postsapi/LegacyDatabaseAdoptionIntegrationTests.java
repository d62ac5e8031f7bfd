package dev.postsapi;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pointed at a database of the original service (its schema and a user whose hash passlib
 * made), with Flyway's baseline settings from docs/operations.md, the service keeps every
 * row and the user logs in with the old password.
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
	void loginWhenAnAdoptedUserIdIsAnotherAccountsEmailThenThatEmailsOwner() {
		// the original took any text as a user_id, and its login read every name as an
		// e-mail: the address's owner keeps logging in with it
		adopt("dave@example.com", "dave.a@example.com", "password-of-a");
		adopt("daveB", "dave@example.com", "password-of-b");
		assertThat(userIdOf(Accounts.login(client, "dave@example.com", "password-of-b"))).isEqualTo("daveB");
		assertThat(Accounts.loginStatus(client, "dave@example.com", "password-of-a")).isEqualTo(401);
		assertThat(jdbc.queryForObject("select count(*) from security_events where user_id = 'dave@example.com'",
				Integer.class))
			.as("nothing of the address's owner in the other account's events")
			.isZero();
	}

	@Test
	void changePasswordWhenTheCallersUserIdIsAnotherAccountsEmailThenTheCallersOwn() {
		adopt("erin@example.com", "erin.a@example.com", "password-of-a");
		adopt("erinC", "Erin@example.com", "password-of-c");
		String token = Accounts.login(client, "erin.a@example.com", "password-of-a");
		client.put()
			.uri("/users/me/password")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", "password-of-a", "new_password", "new-password-of-a"))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(userIdOf(Accounts.login(client, "erin.a@example.com", "new-password-of-a")))
			.isEqualTo("erin@example.com");
		assertThat(userIdOf(Accounts.login(client, "Erin@example.com", "password-of-c"))).isEqualTo("erinC");
		assertThat(jdbc.queryForObject("select count(*) from security_events where user_id = 'erinC' and type = ?",
				Integer.class, "login_failed"))
			.isZero();
	}

	@Test
	void registerWhenTheUserIdIsAnAdoptedAccountsEmailThen409AndItStillLogsIn() {
		// the original took an address without @, which a new user_id could equal
		adopt("jane", "janedoe", "password-of-jane");
		register("JaneDoe", "someone@example.com").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			// a taken user_id's answer: it tells nothing more
			.isEqualTo("user_id 'JaneDoe' is already taken (user_ids are unique ignoring case)");
		assertThat(userIdOf(Accounts.login(client, "janedoe", "password-of-jane"))).isEqualTo("jane");
	}

	@Test
	void registerWhenTheEmailIsAnAdoptedAccountsUserIdThen409() {
		adopt("carol@example.com", "carol.old@example.com", "password-of-carol");
		register("carol2", "Carol@example.com").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("email is already registered");
	}

	@Test
	void loginWhenAnAdoptedEmailWithoutAtHasCapitalsThenItLogsIn() {
		adopt("john", "JohnDoe", "password-of-john");
		assertThat(userIdOf(Accounts.login(client, "JohnDoe", "password-of-john"))).isEqualTo("john");
		assertThat(userIdOf(Accounts.login(client, "johndoe", "password-of-john"))).isEqualTo("john");
	}

	private RestTestClient.ResponseSpec register(String userId, String email) {
		return client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", email, "password", "strong_password"))
			.exchange();
	}

	/** A row as the original wrote it: any text, and passlib's $2b$ hash. */
	private void adopt(String userId, String email, String password) {
		jdbc.update("insert into users (user_id, email, password) values (?, ?, ?)", userId, email,
				BCrypt.hashpw(password, BCrypt.gensalt("$2b", 4)));
	}

	private String userIdOf(String token) {
		return client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(UserIdOnly.class)
			.returnResult()
			.getResponseBody()
			.userId();
	}

	record UserIdOnly(String userId) {
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
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
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
