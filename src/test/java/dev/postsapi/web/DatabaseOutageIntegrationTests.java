package dev.postsapi.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.TestDatabaseConfiguration;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the database cannot be reached, every request that needs it is answered within a
 * few seconds with a 503 and {@code Retry-After}, readiness is DOWN and liveness UP; when
 * it is back, the service recovers by itself. The outage: the application's own database
 * role may no longer log in, and its connections are cut, as a restart would cut them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ActiveProfiles("test")
@DirtiesContext
class DatabaseOutageIntegrationTests {

	static final String ROLE = "outage_" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	RestTestClient client;

	@Autowired
	MeterRegistry meters;

	@Test
	void requestsWhileTheDatabaseIsUnreachableThen503FastAndRecoveryWhenItIsBack() throws Exception {
		String user = Accounts.uniqueUserId("outage");
		String token = Accounts.registerAndLogin(this.client, user);

		superuser("ALTER ROLE " + ROLE + " NOLOGIN",
				"SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
		try {
			long start = System.nanoTime();
			EntityExchangeResult<Map> read = this.client.get()
				.uri("/posts/all")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectBody(Map.class)
				.returnResult();
			assertUnavailable(read);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertUnavailable(this.client.post()
				.uri("/posts")
				.header("Authorization", "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("post_data", "written during the outage"))
				.exchange()
				.expectBody(Map.class)
				.returnResult());
			assertUnavailable(this.client.post()
				.uri("/login")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(Accounts.form("username", user, "password", Accounts.PASSWORD))
				.exchange()
				.expectBody(Map.class)
				.returnResult());
			this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			// the metric tells operators what the clients got, the outages the filters
			// answer (the session check of a bearer token) too: 503s, not 500s (three
			// requests and the readiness)
			assertThat(this.meters.find("http.server.requests")
				.tag("status", "503")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum()).isEqualTo(4);
			assertThat(this.meters.find("http.server.requests").tag("status", "500").timers()).isEmpty();
		}
		finally {
			superuser("ALTER ROLE " + ROLE + " LOGIN");
		}

		// by itself, though not necessarily on the very first request: the pool may still
		// be
		// waiting out a connection attempt that began during the outage
		assertThat(statusWithin(Duration.ofSeconds(20), "/posts/all", token)).isEqualTo(200);
		this.client.get().uri("/posts/all").header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	private int statusWithin(Duration limit, String path, String token) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		int status;
		do {
			status = this.client.get()
				.uri(path)
				.header("Authorization", "Bearer " + token)
				.exchange()
				.returnResult()
				.getStatus()
				.value();
			if (status != 503) {
				return status;
			}
			Thread.sleep(200);
		}
		while (System.nanoTime() < deadline);
		return status;
	}

	private static void assertUnavailable(EntityExchangeResult<Map> result) {
		assertThat(result.getStatus().value()).isEqualTo(503);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(result.getResponseBody()).containsEntry("status", 503)
			.containsEntry("detail", "The database is unreachable; try again shortly");
	}

	private static void superuser(String... statements) throws SQLException {
		PostgresServer server = PostgresServer.get();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/** The schema and its role, both dropped when the context closes. */
	record RoleSchema(TestSchema schema) implements AutoCloseable {

		@Override
		public void close() throws SQLException {
			this.schema.close();
			superuser("DROP ROLE IF EXISTS " + ROLE);
		}

	}

	/** A schema of its own, owned by a role of its own, which the test can lock out. */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnRole {

		@Bean
		RoleSchema roleSchema() throws SQLException {
			superuser("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE + "'");
			TestSchema schema = TestSchema.create(PostgresServer.get());
			superuser("ALTER SCHEMA " + schema.name() + " OWNER TO " + ROLE);
			return new RoleSchema(schema);
		}

		@Bean
		JdbcConnectionDetails jdbcConnectionDetails(RoleSchema roleSchema) {
			JdbcConnectionDetails superuser = TestDatabaseConfiguration.connectionDetails(roleSchema.schema());
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return ROLE;
				}

				@Override
				public String getPassword() {
					return ROLE;
				}

				@Override
				public String getJdbcUrl() {
					// the embedded server's URL names its superuser, which would win over
					// ours
					return superuser.getJdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1");
				}

			};
		}

	}

}
