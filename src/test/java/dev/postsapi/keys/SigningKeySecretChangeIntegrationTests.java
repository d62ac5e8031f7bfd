package dev.postsapi.keys;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
	void theOldInstanceKeepsSigningWithTheKeyItCanOpenAndBothVerifyBoth() {
		String oldKey = kid(Accounts.login(onOldSecret.client(), user, Accounts.PASSWORD));
		// the new secret cannot open that key: a key of its own signs from now on
		Tokens onNew = Accounts.loginForTokens(onNewSecret.client(), user, Accounts.PASSWORD);
		assertThat(kid(onNew.accessToken())).isNotEqualTo(oldKey);

		// the old instance learns of the new key, which it cannot open
		onOldSecret.context().getBean(SigningKeyRing.class).maintain();
		Tokens onOld = Accounts.loginForTokens(onOldSecret.client(), user, Accounts.PASSWORD);
		assertThat(kid(onOld.accessToken())).isEqualTo(oldKey);
		for (RunningInstance instance : new RunningInstance[] { onOldSecret, onNewSecret }) {
			assertThat(Accounts.meStatus(instance.client(), onOld)).isEqualTo(200);
			assertThat(Accounts.meStatus(instance.client(), onNew)).isEqualTo(200);
		}
	}

	private static String kid(String token) {
		return SigningKeysIntegrationTests.header(token).get("kid").toString();
	}

}
