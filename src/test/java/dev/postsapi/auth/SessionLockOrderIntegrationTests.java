package dev.postsapi.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.events.SecurityEvents;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Gate;
import dev.postsapi.support.LockWaits;
import dev.postsapi.support.Outbox;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that change an account's sessions, racing on two instances: each takes the
 * account's row before any of its sessions, so they take turns, and none holds a row
 * another waits for while it waits for that one's (a deadlock, which PostgreSQL would end
 * with a 409 for one of them). One request is held at a gate between two of its
 * statements, so the interleaving that deadlocked is certain rather than a matter of
 * timing.
 */
class SessionLockOrderIntegrationTests {

	static final Gate GATE = new Gate();

	/**
	 * The method (of SessionRepository or SecurityEvents) where the gate stands; only
	 * calls from other beans meet it (not an event SecurityEvents records from one it
	 * listens to).
	 */
	static volatile @Nullable String gatedMethod;

	static TestSchema schema;

	/** Its session statements and security events meet the gate. */
	static RunningInstance gated;

	static RunningInstance other;

	String user;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		// each instance's connections named, so a test can tell whose request waits
		gated = RunningInstance.start(schema, new Class<?>[] { GatedSessionStatements.class },
				LockWaits.connectionName(schema, "gated"));
		other = RunningInstance.start(schema, LockWaits.connectionName(schema, "other"));
	}

	@AfterAll
	static void stop() {
		other.close();
		gated.close();
		schema.close();
	}

	@BeforeEach
	void aUser() {
		this.user = Accounts.register(other.client(), Accounts.uniqueUserId("locks"));
		// its verification mail sent: no mail's statement waits among the requests
		// watched
		Outbox.awaitEmpty(other.context().getBean(JdbcTemplate.class));
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
		gatedMethod = null;
	}

	@Test
	void accountDeletionWhileOneOfItsSessionsIsRefreshedThenBothFinish() throws Exception {
		Tokens refreshed = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has taken its refresh token, before it marks the session
		CompletableFuture<Integer> refresh = heldBefore("markRefreshed",
				() -> Accounts.refreshStatus(gated.client(), refreshed.refreshToken()));

		CompletableFuture<Integer> deletion = onceItWaits(() -> deleteAccount(other, owner));
		GATE.open();

		assertThat(refresh.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(401);
	}

	@Test
	void passwordChangeWhileALogoutEndsTwoOfTheSessionsThenBothFinish() throws Exception {
		// the interleaving that deadlocked while a logout took no account: the change
		// ends the other sessions in the order they are stored, and the logout its own,
		// then the one stored before it
		List<Tokens> stored = inStorageOrder(Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD),
				Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD));
		Tokens second = stored.get(0);
		Tokens leaving = stored.get(1);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has ended its own session, before it ends the second
		CompletableFuture<Integer> logout = heldBefore("revokeSessionOfRefreshToken",
				() -> logout(gated, leaving, second.refreshToken()));

		CompletableFuture<Integer> change = onceItWaits(() -> LoginRacingCredentialChangeIntegrationTests
			.changePassword(other, owner, Accounts.PASSWORD, "a_brand_new_password"));
		GATE.open();

		assertThat(logout.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.meStatus(other.client(), owner)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(other.client(), second.refreshToken())).isEqualTo(401);
		assertThat(Accounts.loginStatus(other.client(), this.user, "a_brand_new_password")).isEqualTo(200);
	}

	@Test
	void accountDeletionWhileALogoutRecordsItThenBothFinish() throws Exception {
		Tokens leaving = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has ended its session, before its event, whose foreign key
		// needs the account
		CompletableFuture<Integer> logout = heldBefore("record", () -> logout(gated, leaving, null));

		CompletableFuture<Integer> deletion = onceItWaits(() -> deleteAccount(other, owner));
		GATE.open();

		assertThat(logout.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(401);
	}

	@Test
	void accountDeletionWhileAnotherSessionIsEndedThenBothFinish() throws Exception {
		Tokens ending = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens ended = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has ended the session, before its event
		CompletableFuture<Integer> end = heldBefore("record",
				() -> gated.client()
					.delete()
					.uri("/users/me/sessions/" + DevicesIntegrationTests.sid(ended.accessToken()))
					.header("Authorization", ending.bearer())
					.exchange()
					.returnResult()
					.getStatus()
					.value());

		CompletableFuture<Integer> deletion = onceItWaits(() -> deleteAccount(other, owner));
		GATE.open();

		assertThat(end.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(401);
	}

	@Test
	void accountDeletionWhileAReplayedRefreshTokenEndsItsSessionThenBothFinish() throws Exception {
		Tokens stolen = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		assertThat(Accounts.refreshStatus(other.client(), stolen.refreshToken())).isEqualTo(200);
		// the replay ends the session, then is held before its event
		CompletableFuture<Integer> replay = heldBefore("record",
				() -> Accounts.refreshStatus(gated.client(), stolen.refreshToken()));

		CompletableFuture<Integer> deletion = onceItWaits(() -> deleteAccount(other, owner));
		GATE.open();

		assertThat(replay.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(401);
	}

	@Test
	void logoutWhileTheAccountIsDeletedThen401() throws Exception {
		Tokens owner = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens leaving = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held with the account locked, before it locks its own session
		CompletableFuture<Integer> deletion = heldBefore("lockLiveSession", () -> deleteAccount(gated, owner));

		CompletableFuture<Integer> logout = onceItWaits(() -> logout(other, leaving, null));
		GATE.open();

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(logout.get(30, TimeUnit.SECONDS)).isEqualTo(401);
	}

	@Test
	void ownDeletionFromTwoSessionsAtOnceThenTheLaterIs401NotAWrongPassword() throws Exception {
		Tokens first = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens second = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held with the account locked, before its session
		CompletableFuture<Integer> deletion = heldBefore("lockLiveSession", () -> deleteAccount(gated, first));

		CompletableFuture<Integer> again = onceItWaits(() -> deleteAccount(other, second));
		GATE.open();

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		// its password was right: its session ended with the account (a 403 said wrong)
		assertThat(again.get(30, TimeUnit.SECONDS)).isEqualTo(401);
	}

	@Test
	void ownDeletionWhileAnAdminDeletesTheAccountThenOneDeletesIt() throws Exception {
		String admin = Accounts.register(other.client(), Accounts.uniqueUserId("admin"));
		JdbcTemplate jdbc = other.context().getBean(JdbcTemplate.class);
		jdbc.update("update users set roles = '{admin}' where user_id = ?", admin);
		Integer post = jdbc.queryForObject(
				"insert into posts (post_data, user_id) values ('voted on', ?) returning post_id", Integer.class,
				this.user);
		jdbc.update("insert into votes (post_id, user_id) values (?, ?)", post, admin);
		// no mailed link left to keep the two apart: its verification mail sent, the link
		// gone
		Outbox.awaitEmpty(jdbc);
		jdbc.update("delete from account_tokens where user_id = ?", this.user);
		String adminToken = Accounts.login(other.client(), admin, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		// held with the account locked, before its session and the votes
		CompletableFuture<Integer> own = heldBefore("lockLiveSession", () -> deleteAccount(gated, owner));

		CompletableFuture<Integer> byAdmin = onceItWaits(() -> other.client()
			.delete()
			.uri("/admin/users/" + this.user)
			.header("Authorization", "Bearer " + adminToken)
			.exchange()
			.returnResult()
			.getStatus()
			.value());
		GATE.open();

		assertThat(own.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(byAdmin.get(30, TimeUnit.SECONDS)).isEqualTo(404);
		// the admin's vote went with the post
		assertThat(jdbc.queryForObject("select count(*) from votes where user_id = ?", Integer.class, admin)).isZero();
	}

	/**
	 * A request to the gated instance, once it waits at the gate before {@code method}.
	 */
	private static CompletableFuture<Integer> heldBefore(String method, Supplier<Integer> request)
			throws InterruptedException {
		gatedMethod = method;
		return GATE.hold(request);
	}

	/** A request to the other instance, once it waits for a lock the gated one holds. */
	private static CompletableFuture<Integer> onceItWaits(Supplier<Integer> request) throws InterruptedException {
		return LockWaits.onceItWaits(schema, "other", "gated", request);
	}

	private static int deleteAccount(RunningInstance instance, Tokens tokens) {
		return Accounts.deleteOwnAccountStatus(instance.client(), tokens.accessToken());
	}

	/** A logout, of a second session too if its refresh token is given. */
	private static int logout(RunningInstance instance, Tokens tokens, @Nullable String otherRefreshToken) {
		return instance.client()
			.post()
			.uri("/logout")
			.header("Authorization", tokens.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body((otherRefreshToken != null) ? Map.of("refresh_token", otherRefreshToken) : Map.of())
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** The tokens, ordered as their sessions' rows are stored. */
	private static List<Tokens> inStorageOrder(Tokens... tokens) {
		List<String> order = new ArrayList<>();
		try (Connection connection = schema.connect();
				PreparedStatement statement = connection
					.prepareStatement("select session_id::text from sessions order by ctid");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				order.add(rows.getString(1));
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		List<Tokens> sorted = new ArrayList<>(List.of(tokens));
		sorted.sort((a, b) -> Integer.compare(order.indexOf(DevicesIntegrationTests.sid(a.accessToken())),
				order.indexOf(DevicesIntegrationTests.sid(b.accessToken()))));
		return sorted;
	}

	/** The gate before the armed method of the session repository or the events. */
	@Configuration(proxyBeanMethods = false)
	static class GatedSessionStatements {

		@Bean
		static BeanPostProcessor gatedSessionStatements() {
			return GATE.before((bean) -> bean instanceof SessionRepository || bean instanceof SecurityEvents,
					(call) -> call.getMethod().getName().equals(gatedMethod));
		}

	}

}
