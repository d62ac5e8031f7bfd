package dev.postsapi.keys;

import java.util.Base64;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A new AUTH_JWT_SECRET after rotations: the keys sealed under the old one that were yet
 * to sign go with the key that signed, so none of them takes over from the new key and
 * leaves logins nothing to sign with when its time comes.
 */
class SigningKeySecretChangeIntegrationTests {

	@Test
	void secretChangedWhileARotatedKeyWaitsForItsTimeThenLoginsStillSignWhenThatTimeComes() {
		try (TestSchema schema = TestSchema.create(PostgresServer.get())) {
			String user;
			try (RunningInstance before = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h")) {
				user = Accounts.register(before.client(), Accounts.uniqueUserId("secret"));
				// two rotations: the next key signs a JWKS max-age and a reload from now
				SigningKeyRing ring = before.context().getBean(SigningKeyRing.class);
				ring.rotate("test_admin");
				ring.rotate("test_admin");
			}
			String newSecret = randomSecret();
			try (RunningInstance after = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h",
					"auth.jwt.secret=" + newSecret, "auth.jwt.take-over-signing=true")) {
				JdbcTemplate jdbc = after.context().getBean(JdbcTemplate.class);
				Object newKey = kidOfALogin(after, user);

				// the latest scheduled key's time comes: every key moves as far back
				jdbc.update("""
						update signing_keys set signs_from = signs_from
						  - ((select max(signs_from) from signing_keys) - now()) - interval '1 second'
						where signs_from is not null""");
				after.context().getBean(SigningKeyRing.class).maintain();

				assertThat(Accounts.loginStatus(after.client(), user, Accounts.PASSWORD)).isEqualTo(200);
				Tokens session = Accounts.loginForTokens(after.client(), user, Accounts.PASSWORD);
				assertThat(SigningKeysIntegrationTests.header(session.accessToken()).get("kid")).isEqualTo(newKey);
				assertThat(Accounts.meStatus(after.client(), session)).isEqualTo(200);
				assertThat(Accounts.refreshStatus(after.client(), session.refreshToken())).isEqualTo(200);
			}
		}
	}

	@Test
	void instanceWithoutAnySecretOnTheFleetsDatabaseThenItDoesNotStartAndTheFleetStillSigns() {
		startRefusedBesideAFleet("auth.jwt.secret=", "No AUTH_JWT_SECRET is set");
	}

	@Test
	void instanceWithAnotherSecretWhenNotToldToTakeOverThenItDoesNotStartAndTheFleetStillSigns() {
		startRefusedBesideAFleet("auth.jwt.secret=" + randomSecret(), "sealed under another AUTH_JWT_SECRET",
				"AUTH_JWT_TAKE_OVER_SIGNING=true");
	}

	/**
	 * An instance with {@code setting} does not start on a fleet's database, saying
	 * {@code reasons}, and the fleet goes on signing with the key it had.
	 */
	private static void startRefusedBesideAFleet(String setting, String... reasons) {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance fleet = RunningInstance.start(schema)) {
			String user = Accounts.register(fleet.client(), Accounts.uniqueUserId("refused"));
			Object kid = kidOfALogin(fleet, user);

			assertThatIllegalStateException().isThrownBy(() -> RunningInstance.start(schema, setting))
				.withMessageContainingAll(reasons);

			fleet.context().getBean(SigningKeyRing.class).maintain();
			assertThat(kidOfALogin(fleet, user)).isEqualTo(kid);
		}
	}

	private static Object kidOfALogin(RunningInstance instance, String user) {
		return SigningKeysIntegrationTests.header(Accounts.login(instance.client(), user, Accounts.PASSWORD))
			.get("kid");
	}

	private static String randomSecret() {
		return Base64.getEncoder().encodeToString(Jwts.SIG.HS256.key().build().getEncoded());
	}

	@Test
	void instanceOnTheOldSecretWhenAnotherTookSigningOverThenItsLoginsAre503NotAnError() {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance old = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h")) {
			String user = Accounts.register(old.client(), Accounts.uniqueUserId("oldsecret"));
			String newSecret = randomSecret();
			try (RunningInstance changed = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h",
					"auth.jwt.secret=" + newSecret, "auth.jwt.take-over-signing=true")) {
				old.context().getBean(SigningKeyRing.class).maintain();

				old.client()
					.post()
					.uri("/login")
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(Accounts.form("username", user, "password", Accounts.PASSWORD))
					.exchange()
					.expectStatus()
					.isEqualTo(503)
					.expectHeader()
					.valueEquals("Retry-After", "5");
				assertThat(Accounts.loginStatus(changed.client(), user, Accounts.PASSWORD)).isEqualTo(200);
			}
		}
	}

}
