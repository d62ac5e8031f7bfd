package dev.postsapi.auth;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that take several rows of one account's sessions at once, racing on two
 * instances: each takes them in the same order, so none waits for another that waits for
 * it, and both finish (no deadlock, which PostgreSQL would end with a 409 for one). One
 * request is held at a gate between two of its statements, so the interleaving that
 * deadlocked is certain rather than a matter of timing.
 */
class SessionLockOrderIntegrationTests {

	static TestSchema schema;

	/** Its session statements wait at the gate when armed. */
	static RunningInstance gated;

	static RunningInstance other;

	/** The statement (a SessionRepository method) the gate holds, once. */
	static volatile @Nullable String gatedStatement;

	static volatile @Nullable CountDownLatch arrived;

	static volatile @Nullable CountDownLatch release;

	String user;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		gated = RunningInstance.start(schema, new Class<?>[] { GatedSessionStatements.class });
		other = RunningInstance.start(schema);
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
	}

	@AfterEach
	void openTheGate() {
		CountDownLatch open = release;
		if (open != null) {
			open.countDown();
		}
		gatedStatement = null;
		arrived = null;
		release = null;
	}

	@Test
	void accountDeletionWhileOneOfItsSessionsIsRefreshedThenBothFinish() throws Exception {
		Tokens refreshed = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has taken its refresh token, before it marks the session
		CompletableFuture<Integer> refresh = heldAtTheGate("markRefreshed",
				() -> Accounts.refreshStatus(gated.client(), refreshed.refreshToken()));

		CompletableFuture<Integer> deletion = CompletableFuture.supplyAsync(() -> other.client()
			.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", owner.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", Accounts.PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value());
		awaitOneWaitingForALock();
		release.countDown();

		assertThat(refresh.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(401);
	}

	@Test
	void passwordChangeWhileALogoutEndsTwoOfTheSessionsThenBothFinish() throws Exception {
		// made first, so the change, which ends the other sessions in the order they
		// were made, takes it before the logout's own
		Tokens second = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		Tokens leaving = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		// held after it has ended its own session, before it ends the second
		CompletableFuture<Integer> logout = heldAtTheGate("revokeSessionOfRefreshToken",
				() -> gated.client()
					.post()
					.uri("/logout")
					.header("Authorization", leaving.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("refresh_token", second.refreshToken()))
					.exchange()
					.returnResult()
					.getStatus()
					.value());

		CompletableFuture<Integer> change = CompletableFuture.supplyAsync(() -> other.client()
			.put()
			.uri("/users/me/password")
			.header("Authorization", owner.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_brand_new_password"))
			.exchange()
			.returnResult()
			.getStatus()
			.value());
		awaitOneWaitingForALock();
		release.countDown();

		assertThat(logout.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(Accounts.meStatus(other.client(), owner)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(other.client(), second.refreshToken())).isEqualTo(401);
		assertThat(Accounts.loginStatus(other.client(), this.user, "a_brand_new_password")).isEqualTo(200);
	}

	/**
	 * A request to the gated instance, once it waits at the gate before the statement.
	 */
	private static CompletableFuture<Integer> heldAtTheGate(String statement, Supplier<Integer> request)
			throws InterruptedException {
		CountDownLatch reached = new CountDownLatch(1);
		release = new CountDownLatch(1);
		arrived = reached;
		gatedStatement = statement;
		CompletableFuture<Integer> held = CompletableFuture.supplyAsync(request);
		assertThat(reached.await(30, TimeUnit.SECONDS)).as("the request reached " + statement).isTrue();
		return held;
	}

	/** Until a transaction of this database waits for a row another one holds. */
	private static void awaitOneWaitingForALock() throws InterruptedException {
		String waiting = """
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'""";
		for (int i = 0; i < 300 && count(waiting) < 1; i++) {
			Thread.sleep(100);
		}
		assertThat(count(waiting)).as("transactions waiting for a lock").isEqualTo(1);
	}

	private static long count(String sql) {
		try (Connection connection = schema.connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
		catch (Exception ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** Holds the armed statement of the session repository, inside its transaction. */
	@Configuration(proxyBeanMethods = false)
	static class GatedSessionStatements {

		@Bean
		static BeanPostProcessor gatedSessionRepository() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (!(bean instanceof SessionRepository)) {
						return bean;
					}
					return Proxy.newProxyInstance(SessionRepository.class.getClassLoader(),
							ClassUtils.getAllInterfaces(bean), (proxy, method, arguments) -> {
								if (method.getName().equals(gatedStatement)) {
									waitAtTheGate();
								}
								try {
									return method.invoke(bean, arguments);
								}
								catch (InvocationTargetException ex) {
									throw ex.getCause();
								}
							});
				}

			};
		}

		private static void waitAtTheGate() {
			CountDownLatch here = arrived;
			CountDownLatch wait = release;
			if (here != null && wait != null) {
				gatedStatement = null;
				arrived = null;
				here.countDown();
				try {
					wait.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
