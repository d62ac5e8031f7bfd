package dev.postsapi.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * both, and access tokens are timed on that clock, so each takes the other's.
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

		// the next key scheduled an hour and five minutes on (as older versions scheduled
		// a rotation soon after the last), within the two hours the other clock runs
		// ahead
		SigningKeyService.Rotation rotation = ring(ahead).rotate("test_admin");
		jdbc.update("update signing_keys set signs_from = now() + interval '65 minutes' where kid = ?", rotation.kid());
		for (RunningInstance instance : List.of(ahead, behind)) {
			ring(instance).maintain();
		}
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

	@Test
	void loginWhenTheClocksAreHoursApartThenTokensTimedOnTheDatabasesClockAndTakenByBoth() {
		JdbcTemplate jdbc = behind.context().getBean(JdbcTemplate.class);
		for (RunningInstance issuer : List.of(ahead, behind)) {
			long databaseNow = jdbc.queryForObject("select extract(epoch from now())::bigint", Long.class);
			String token = Accounts.login(issuer.client(), user, Accounts.PASSWORD);
			Map<?, ?> claims = SigningKeysIntegrationTests.payload(token);
			long issuedAt = ((Number) claims.get("iat")).longValue();
			assertThat(issuedAt).isBetween(databaseNow - 5, databaseNow + 5);
			assertThat(((Number) claims.get("exp")).longValue()).isEqualTo(issuedAt + 600);
			// two hours apart: on instance clocks, one's new token would be the other's
			// long expired one
			for (RunningInstance instance : List.of(ahead, behind)) {
				assertThat(Accounts.meStatus(instance.client(), token)).isEqualTo(200);
			}
		}
	}

	@Test
	void loginWhenHs256AndTheClocksAreHoursApartThenTokensTimedOnTheDatabasesClock() {
		try (TestSchema hs256 = TestSchema.create(PostgresServer.get());
				RunningInstance lagging = RunningInstance.start(hs256, new Class<?>[] { SkewedClock.class },
						"test.clock-skew=-2h", "auth.jwt.algorithm=HS256");
				RunningInstance leading = RunningInstance.start(hs256, new Class<?>[] { SkewedClock.class },
						"test.clock-skew=2h", "auth.jwt.algorithm=HS256")) {
			String hs256User = Accounts.register(lagging.client(), Accounts.uniqueUserId("clock"));
			String token = Accounts.login(leading.client(), hs256User, Accounts.PASSWORD);
			long databaseNow = lagging.context()
				.getBean(JdbcTemplate.class)
				.queryForObject("select extract(epoch from now())::bigint", Long.class);
			assertThat(((Number) SigningKeysIntegrationTests.payload(token).get("iat")).longValue())
				.isBetween(databaseNow - 5, databaseNow + 5);
			assertThat(Accounts.meStatus(lagging.client(), token)).isEqualTo(200);
			assertThat(
					Accounts.meStatus(leading.client(), Accounts.login(lagging.client(), hs256User, Accounts.PASSWORD)))
				.isEqualTo(200);
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
