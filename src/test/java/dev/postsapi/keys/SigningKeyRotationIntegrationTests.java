package dev.postsapi.keys;

import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances sharing one database, started at the same moment, through the life of the
 * signing keys: the first key made once, rotations on one instance verified on the other
 * at once, a rotation waiting for its key to be published, the scheduled rotation done
 * once, retirement, and a restart; no session is lost along the way. The steps build on
 * each other, in order; time passing is the database's clock moved back by SQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningKeyRotationIntegrationTests {

	static TestSchema schema;

	static RunningInstance first;

	static RunningInstance second;

	static JdbcTemplate jdbc;

	static String user;

	/** A session opened before any rotation, kept through every step. */
	static Tokens firstSession;

	@BeforeAll
	static void startTwoInstancesAtOnce() throws Exception {
		schema = TestSchema.create(PostgresServer.get());
		// no periodic reload during the test: each step says when one happens
		List<RunningInstance> both = Concurrently.run(2,
				(index) -> RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h"));
		first = both.get(0);
		second = both.get(1);
		jdbc = first.context().getBean(JdbcTemplate.class);
		user = Accounts.register(first.client(), Accounts.uniqueUserId("rotation"));
		firstSession = Accounts.loginForTokens(first.client(), user, Accounts.PASSWORD);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		schema.close();
	}

	@Test
	@Order(1)
	void startedTogetherThenExactlyOneMadeTheKeysAndBothSignWithIt() {
		assertThat(jdbc.queryForObject("select count(*) from signing_keys where signs_from is not null", Integer.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from signing_keys where signs_from is null", Integer.class))
			.isEqualTo(1);
		String onFirst = kid(Accounts.login(first.client(), user, Accounts.PASSWORD));
		String onSecond = kid(Accounts.login(second.client(), user, Accounts.PASSWORD));
		assertThat(onFirst).isEqualTo(onSecond).isEqualTo(kid(firstSession.accessToken()));
		assertThat(kids(first.client())).isEqualTo(kids(second.client())).hasSize(2).contains(onFirst);
	}

	@Test
	@Order(2)
	void rotateOnOneThenTokensOfEitherKeyVerifyOnTheOtherAtOnce() throws Exception {
		String before = Accounts.login(first.client(), user, Accounts.PASSWORD);
		String next = ring(first).rotate("test_admin").kid();
		String after = Accounts.login(first.client(), user, Accounts.PASSWORD);
		assertThat(kid(after)).isEqualTo(next).isNotEqualTo(kid(before));
		assertThat(me(second.client(), before)).isEqualTo(200);
		assertThat(me(second.client(), after)).isEqualTo(200);

		// again, twice: now the key that signs was made after the second instance last
		// read its keys, a moment ago; a token of it waits there for the next read (at
		// most one a second), and the second's key set shows it
		ring(second).maintain();
		ring(first).rotate("test_admin");
		String newest = ring(first).rotate("test_admin").kid();
		String latest = Accounts.login(first.client(), user, Accounts.PASSWORD);
		assertThat(kid(latest)).isEqualTo(newest);
		assertThat(me(second.client(), latest)).isEqualTo(200);
		// and its key set, asked for a second after its last read, shows such a key
		ring(second).maintain();
		ring(first).rotate("test_admin");
		String newer = ring(first).rotate("test_admin").kid();
		Thread.sleep(SigningKeyRing.UNKNOWN_KID_RELOAD_SPACING.toMillis());
		assertThat(kids(second.client())).contains(newer);
		for (String token : List.of(before, after, firstSession.accessToken())) {
			assertThat(me(second.client(), token)).isEqualTo(200);
			assertThat(me(first.client(), token)).isEqualTo(200);
		}
	}

	@Test
	@Order(3)
	void rotateSoonAfterTheLastThenTheKeyItNamesSignsFromNowOnAndTheOneBeforeStaysPublished() {
		String before = Accounts.login(first.client(), user, Accounts.PASSWORD);
		// the waiting key was made moments ago, by the last rotation
		SigningKeyService.Rotation rotation = ring(first).rotate("test_admin");
		assertThat(
				jdbc.queryForObject("select ? <= now()", Boolean.class, java.sql.Timestamp.from(rotation.signsFrom())))
			.isTrue();
		String after = Accounts.login(first.client(), user, Accounts.PASSWORD);
		assertThat(kid(after)).isEqualTo(rotation.kid()).isNotEqualTo(kid(before));
		assertThat(kids(first.client())).contains(kid(before), rotation.kid());
		// the other instance signs with it from its next reload, and takes both now
		ring(second).maintain();
		assertThat(kid(Accounts.login(second.client(), user, Accounts.PASSWORD))).isEqualTo(rotation.kid());
		assertThat(me(second.client(), before)).isEqualTo(200);
		assertThat(me(second.client(), after)).isEqualTo(200);
	}

	@Test
	@Order(4)
	void scheduledRotationOnBothAtOnceThenOnceAndRetiredKeysGo() throws Exception {
		String signingBefore = kid(Accounts.login(first.client(), user, Accounts.PASSWORD));
		// 31 days pass
		jdbc.update("update signing_keys set created_at = created_at - interval '31 days', "
				+ "signs_from = signs_from - interval '31 days'");
		int keysBefore = jdbc.queryForObject("select count(*) from signing_keys", Integer.class);
		Concurrently.run(2, (index) -> {
			ring((index == 0) ? first : second).maintain();
			return null;
		});
		// the key scheduled in step 3 signs since 31 days; the one waiting behind it now
		// signs, a new one waits, and every older key is deleted
		assertThat(jdbc.queryForObject("select count(*) from signing_keys where signs_from is null", Integer.class))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from signing_keys", Integer.class)).isEqualTo(3)
			.isLessThan(keysBefore + 1);
		String signingNow = kid(Accounts.login(second.client(), user, Accounts.PASSWORD));
		assertThat(signingNow).isNotEqualTo(signingBefore);
		assertThat(kid(Accounts.login(first.client(), user, Accounts.PASSWORD))).isEqualTo(signingNow);
		assertThat(kids(first.client())).hasSize(3).doesNotContain(kid(firstSession.accessToken()));
		// the session of a token of a retired key lives on: its refresh token gives a
		// token of today's key
		String refreshed = Accounts.refresh(second.client(), firstSession.refreshToken()).accessToken();
		assertThat(kid(refreshed)).isEqualTo(signingNow);
		assertThat(me(first.client(), refreshed)).isEqualTo(200);
	}

	@Test
	@Order(5)
	void restartThenSameKeysAndEveryTokenStillVerifies() {
		Tokens session = Accounts.loginForTokens(first.client(), user, Accounts.PASSWORD);
		List<String> published = kids(first.client());
		first.close();
		first = RunningInstance.start(schema, "auth.jwt.key-reload-interval=1h");
		assertThat(kids(first.client())).isEqualTo(published);
		assertThat(me(first.client(), session.accessToken())).isEqualTo(200);
		assertThat(Accounts.refreshStatus(first.client(), session.refreshToken())).isEqualTo(200);
	}

	private static SigningKeyRing ring(RunningInstance instance) {
		return instance.context().getBean(SigningKeyRing.class);
	}

	private static int me(RestTestClient client, String token) {
		return client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private static String kid(String token) {
		return SigningKeysIntegrationTests.header(token).get("kid").toString();
	}

	private static List<String> kids(RestTestClient client) {
		Map<?, ?> jwks = client.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<?>) jwks.get("keys")).stream().map(key -> ((Map<?, ?>) key).get("kid").toString()).toList();
	}

}
