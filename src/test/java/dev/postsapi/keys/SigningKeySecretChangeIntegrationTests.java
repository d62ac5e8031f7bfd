package dev.postsapi.keys;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling change of {@code AUTH_JWT_SECRET}: an instance started with the new secret
 * beside one still on the old. Each signs with a key it can open, and each verifies the
 * other's tokens.
 */
class SigningKeySecretChangeIntegrationTests {

	static TestSchema schema;

	static RunningInstance onOldSecret;

	static RunningInstance onNewSecret;

	static String user;

	@BeforeAll
	static void startTheSecondWithANewSecret() {
		schema = TestSchema.create(PostgresServer.get());
		onOldSecret = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h");
		user = Accounts.register(onOldSecret.client(), Accounts.uniqueUserId("secret"));
		onNewSecret = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h",
				"auth.jwt.secret=YW5vdGhlci10ZXN0LXNpZ25pbmcta2V5LTAxMjM0NTY3ODlhYg==");
	}

	@AfterAll
	static void stop() {
		onNewSecret.close();
		onOldSecret.close();
		schema.close();
	}

	@Test
	void newSecretOnOneInstanceThenTheOtherSignsWithTheOldKeyWhichStaysPublishedWhileItDoes() {
		String oldKey = kid(Accounts.login(onOldSecret.client(), user, Accounts.PASSWORD));
		// the new secret cannot open that key: a key of its own signs from now on
		Tokens onNew = Accounts.loginForTokens(onNewSecret.client(), user, Accounts.PASSWORD);
		assertThat(kid(onNew.accessToken())).isNotEqualTo(oldKey);

		// the old instance learns of the new key, which it cannot open
		ring(onOldSecret).maintain();
		Tokens onOld = Accounts.loginForTokens(onOldSecret.client(), user, Accounts.PASSWORD);
		assertThat(kid(onOld.accessToken())).isEqualTo(oldKey);
		for (RunningInstance instance : new RunningInstance[] { onOldSecret, onNewSecret }) {
			assertThat(Accounts.meStatus(instance.client(), onOld)).isEqualTo(200);
			assertThat(Accounts.meStatus(instance.client(), onNew)).isEqualTo(200);
		}

		// restarted on the old secret, it makes no key of its own: it signs with the old
		int keys = jdbc().queryForObject("select count(*) from signing_keys", Integer.class);
		onOldSecret.close();
		onOldSecret = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h");
		assertThat(jdbc().queryForObject("select count(*) from signing_keys", Integer.class)).isEqualTo(keys);
		assertThat(kid(Accounts.login(onOldSecret.client(), user, Accounts.PASSWORD))).isEqualTo(oldKey);

		// a day on, the old instance reloading all along: the new key has signed far
		// longer than a retention, but the old key is still signed with, so not retired
		JdbcTemplate jdbc = jdbc();
		jdbc.update("update signing_keys set created_at = created_at - interval '1 day', "
				+ "signs_from = signs_from - interval '1 day'");
		ring(onOldSecret).maintain();
		ring(onNewSecret).maintain();
		Tokens later = Accounts.loginForTokens(onOldSecret.client(), user, Accounts.PASSWORD);
		assertThat(kid(later.accessToken())).isEqualTo(oldKey);
		assertThat(Accounts.meStatus(onNewSecret.client(), later)).isEqualTo(200);

		// the old instance gone a day: the old key is retired
		jdbc.update("update signing_keys set signs_until = signs_until - interval '1 day' where kid = ?", oldKey);
		ring(onNewSecret).maintain();
		assertThat(jdbc.queryForObject("select count(*) from signing_keys where kid = ?", Integer.class, oldKey))
			.isZero();
		ring(onNewSecret).maintain();
		assertThat(ring(onNewSecret).published()).extracting(SigningKeyService.KeyMaterial::kid)
			.isNotEmpty()
			.doesNotContain(oldKey);
	}

	private static JdbcTemplate jdbc() {
		return onNewSecret.context().getBean(JdbcTemplate.class);
	}

	private static SigningKeyRing ring(RunningInstance instance) {
		return instance.context().getBean(SigningKeyRing.class);
	}

	private static String kid(String token) {
		return SigningKeysIntegrationTests.header(token).get("kid").toString();
	}

}
