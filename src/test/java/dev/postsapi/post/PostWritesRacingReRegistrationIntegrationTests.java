package dev.postsapi.post;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.LockWaits;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.PostsApi;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post or vote whose statement has begun, its session still there as the statement sees
 * it, when another transaction deletes the author's account and registers the user_id
 * again, and commits: a foreign key checks the newest row of the user_id, the new
 * account's, so the write would land on it. A test trigger holds the statement between
 * the two (after its rows are chosen, before the foreign key's check) while the other
 * transaction runs. The new account is left with nothing.
 */
class PostWritesRacingReRegistrationIntegrationTests {

	static TestSchema schema;

	static RunningInstance instance;

	@BeforeAll
	static void start() throws SQLException {
		schema = TestSchema.create(PostgresServer.get());
		instance = RunningInstance.start(schema, LockWaits.connectionName(schema, "app"));
		try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					create function held() returns trigger language plpgsql as
					'begin perform pg_sleep(2); return new; end'""");
			statement.execute("""
					create trigger held before insert on posts for each row
					when (new.post_data = 'planted') execute function held()""");
			statement.execute("create trigger held before insert on votes for each row execute function held()");
		}
	}

	@AfterAll
	static void stop() {
		instance.close();
		schema.close();
	}

	@Test
	void createWhenItsAccountIsReplacedMeanwhileThenTheNewAccountHasNoPost() throws Exception {
		String userId = Accounts.uniqueUserId("racer");
		Tokens tokens = Accounts.loginForTokens(instance.client(), Accounts.register(instance.client(), userId),
				Accounts.PASSWORD);
		int status = whileHeldReplace(userId, () -> send(tokens, "/posts", Map.of("post_data", "planted")));
		assertThat(status).isIn(201, 401);
		assertThat(schema.count("select count(*) from posts where user_id = '" + userId + "'")).isZero();
	}

	@Test
	void voteWhenItsAccountIsReplacedMeanwhileThenTheNewAccountHasNoVote() throws Exception {
		int post = PostsApi.create(instance.client(),
				Accounts.registerAndLogin(instance.client(), Accounts.uniqueUserId("author")), "voted on");
		String userId = Accounts.uniqueUserId("racer");
		Tokens tokens = Accounts.loginForTokens(instance.client(), Accounts.register(instance.client(), userId),
				Accounts.PASSWORD);
		int status = whileHeldReplace(userId, () -> send(tokens, "/vote", Map.of("post_id", post, "dir", 1)));
		assertThat(status).isIn(201, 401);
		assertThat(schema.count("select count(*) from votes where user_id = '" + userId + "'")).isZero();
	}

	/**
	 * Sends the request and, once the trigger holds its statement, deletes the account
	 * and registers its user_id again in one transaction; the request's status.
	 */
	private static int whileHeldReplace(String userId, Supplier<Integer> request) throws Exception {
		CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(request);
		String held = "select count(*) from pg_stat_activity where application_name = '" + schema.name()
				+ "-app' and wait_event = 'PgSleep'";
		for (int i = 0; i < 300 && schema.count(held) < 1; i++) {
			Thread.sleep(20);
		}
		assertThat(schema.count(held)).as("the write held by the trigger").isOne();
		try (Connection other = schema.connect()) {
			other.setAutoCommit(false);
			update(other, "delete from users where user_id = ?", userId);
			update(other, "insert into users (user_id, email, password) values (?, ?, 'no password')", userId,
					userId + "@new-holder.example");
			other.commit();
		}
		return sent.get(30, TimeUnit.SECONDS);
	}

	private static void update(Connection connection, String sql, String... values) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setString(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
	}

	private static int send(Tokens tokens, String path, Map<String, ?> body) {
		return instance.client()
			.post()
			.uri(path)
			.header("Authorization", tokens.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
