package dev.postsapi.keys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances whose clocks are two hours off the database's, one behind, one ahead,
 * sharing a new database: the key that signs is the one the database's clock says, on
 * both.
 */
class SigningKeyClockIntegrationTests {

	static TestSchema schema;

	/** Started first, on the empty database: it makes the first key. */
	static RunningInstance behind;

	static RunningInstance ahead;

	static String user;

	@BeforeAll
	static void startBothOnANewDatabase() {
		schema = TestSchema.create(PostgresServer.get());
		// no periodic reload: the test says when one happens
		behind = RunningInstance.start(schema, new Class<?>[] { SkewedClock.class }, "test.clock-skew=-2h",
				"auth.jwt.key-reload-interval=1h");
		ahead = RunningInstance.start(schema, new Class<?>[] { SkewedClock.class }, "test.clock-skew=2h",
				"auth.jwt.key-reload-interval=1h");
		user = Accounts.register(behind.client(), Accounts.uniqueUserId("clock"));
	}

	@AfterAll
	static void stop() {
		ahead.close();
		behind.close();
		schema.close();
	}

	@Test
	void eachSignsWithTheKeyTheDatabaseClockChoosesBeforeAndAfterTheNextKeyIsDue() {
		JdbcTemplate jdbc = behind.context().getBean(JdbcTemplate.class);
		String first = jdbc.queryForObject("select kid from signing_keys where signs_from is not null", String.class);
		// the first key signs from the database's now, two hours ahead of the lagging
		// clock: it signs there all the same
		assertThat(kid(Accounts.login(behind.client(), user, Accounts.PASSWORD))).isEqualTo(first);

		// the next key signs from an hour and five minutes on (a JWKS max-age and a
		// reload), within the two hours the other clock runs ahead
		SigningKeyService.Rotation rotation = ring(ahead).rotate("test_admin");
		assertThat(jdbc.queryForObject("select ? > now() + interval '1 hour'", Boolean.class,
				Timestamp.from(rotation.signsFrom())))
			.isTrue();
		ring(behind).maintain();
		for (RunningInstance instance : List.of(ahead, behind)) {
			assertThat(kid(Accounts.login(instance.client(), user, Accounts.PASSWORD))).isEqualTo(first);
		}

		// the database's clock reaches it (the first key moved back too, as the instances
		// may have started within the second)
		jdbc.update("update signing_keys set signs_from = now() - interval '1 hour' where kid = ?", first);
		jdbc.update("update signing_keys set signs_from = now() - interval '1 second' where kid = ?", rotation.kid());
		for (RunningInstance instance : List.of(ahead, behind)) {
			ring(instance).maintain();
			assertThat(kid(Accounts.login(instance.client(), user, Accounts.PASSWORD))).isEqualTo(rotation.kid());
		}
	}

	private static SigningKeyRing ring(RunningInstance instance) {
		return instance.context().getBean(SigningKeyRing.class);
	}

	private static String kid(String token) {
		return SigningKeysIntegrationTests.header(token).get("kid").toString();
	}

	/** The instance's clock, {@code test.clock-skew} off the machine's. */
	static class SkewedClock {

		@Bean
		@Primary
		Clock skewedClock(@Value("${test.clock-skew}") Duration skew) {
			return Clock.offset(Clock.systemUTC(), skew);
		}

	}

}
