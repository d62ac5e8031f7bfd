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
			String newSecret = Base64.getEncoder().encodeToString(Jwts.SIG.HS256.key().build().getEncoded());
			try (RunningInstance after = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h",
					"auth.jwt.secret=" + newSecret, "auth.jwt.take-over-signing=true")) {
				JdbcTemplate jdbc = after.context().getBean(JdbcTemplate.class);
				String newKey = SigningKeysIntegrationTests
					.header(Accounts.login(after.client(), user, Accounts.PASSWORD))
					.get("kid")
					.toString();

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
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance fleet = RunningInstance.start(schema)) {
			String user = Accounts.register(fleet.client(), Accounts.uniqueUserId("nosecret"));
			String kid = SigningKeysIntegrationTests.header(Accounts.login(fleet.client(), user, Accounts.PASSWORD))
				.get("kid")
				.toString();

			assertThatIllegalStateException().isThrownBy(() -> RunningInstance.start(schema, "auth.jwt.secret="))
				.withMessageContaining("No AUTH_JWT_SECRET is set");

			fleet.context().getBean(SigningKeyRing.class).maintain();
			assertThat(SigningKeysIntegrationTests.header(Accounts.login(fleet.client(), user, Accounts.PASSWORD))
				.get("kid")).isEqualTo(kid);
		}
	}

	@Test
	void instanceWithAnotherSecretWhenNotToldToTakeOverThenItDoesNotStartAndTheFleetStillSigns() {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance fleet = RunningInstance.start(schema)) {
			String user = Accounts.register(fleet.client(), Accounts.uniqueUserId("wrongsecret"));
			String kid = SigningKeysIntegrationTests.header(Accounts.login(fleet.client(), user, Accounts.PASSWORD))
				.get("kid")
				.toString();
			String typo = Base64.getEncoder().encodeToString(Jwts.SIG.HS256.key().build().getEncoded());

			assertThatIllegalStateException().isThrownBy(() -> RunningInstance.start(schema, "auth.jwt.secret=" + typo))
				.withMessageContaining("sealed under another AUTH_JWT_SECRET")
				.withMessageContaining("AUTH_JWT_TAKE_OVER_SIGNING=true");

			fleet.context().getBean(SigningKeyRing.class).maintain();
			assertThat(SigningKeysIntegrationTests.header(Accounts.login(fleet.client(), user, Accounts.PASSWORD))
				.get("kid")).isEqualTo(kid);
		}
	}

	@Test
	void instanceOnTheOldSecretWhenAnotherTookSigningOverThenItsLoginsAre503NotAnError() {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance old = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h")) {
			String user = Accounts.register(old.client(), Accounts.uniqueUserId("oldsecret"));
			String newSecret = Base64.getEncoder().encodeToString(Jwts.SIG.HS256.key().build().getEncoded());
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
