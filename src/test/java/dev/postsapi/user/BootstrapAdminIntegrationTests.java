package dev.postsapi.user;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.AdvisoryLock;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first admin, from the bootstrap settings, with instances starting together; and the
 * last one, who stays.
 */
class BootstrapAdminIntegrationTests {

	private static final String[] BOOTSTRAP = { "auth.bootstrap-admin.user-id=first_admin",
			"auth.bootstrap-admin.email=first@example.com", "auth.bootstrap-admin.password=admin_password" };

	/**
	 * Both instances reach the bootstrap while the test holds its lock, then race for it.
	 * (Spring Boot's logging set-up is not thread-safe, so they start one after the other
	 * and meet at the lock.)
	 */
	@Test
	void twoInstancesStartingAtOnceThenBothStartAndOneAdminIsMade() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				AdvisoryLock lock = AdvisoryLock.take(schema, AdvisoryLock.BOOTSTRAP_ADMIN)) {
			List<Future<RunningInstance>> instances = new ArrayList<>();
			List<RunningInstance> started;
			try (ExecutorService starters = Executors.newFixedThreadPool(2)) {
				for (int waiting = 1; waiting <= 2; waiting++) {
					instances.add(starters.submit(() -> RunningInstance.start(schema, BOOTSTRAP)));
					lock.awaitWaiting(waiting);
				}
				lock.release();
				started = new ArrayList<>();
				for (Future<RunningInstance> instance : instances) {
					started.add(instance.get());
				}
			}
			try {
				assertThat(admins(schema)).containsExactly("first_admin");
				for (RunningInstance instance : started) {
					assertThat(Accounts.loginStatus(instance.client(), "first@example.com", "admin_password"))
						.isEqualTo(200);
				}
			}
			finally {
				started.forEach(RunningInstance::close);
			}
		}
	}

	/**
	 * An attacker registering the bootstrap user_id while the instance starts, before the
	 * bootstrap: the server takes no request until the admin is made.
	 */
	@Test
	void registrationOfThatIdDuringStartUpThenTheAdminIsStillTheConfiguredAccount() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				AdvisoryLock lock = AdvisoryLock.take(schema, AdvisoryLock.BOOTSTRAP_ADMIN)) {
			ServerStarted.port = null;
			RunningInstance instance;
			try (ExecutorService starter = Executors.newSingleThreadExecutor()) {
				Future<RunningInstance> starting = starter
					.submit(() -> RunningInstance.start(schema, new Class<?>[] { ServerStarted.class }, BOOTSTRAP));
				lock.awaitWaiting(1);
				Integer port = ServerStarted.port;
				if (port != null) {
					RestTestClient attacker = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
					Accounts.register(attacker, "first_admin");
				}
				lock.release();
				instance = starting.get();
			}
			try (instance) {
				assertThat(admins(schema)).containsExactly("first_admin");
				assertThat(Accounts.loginStatus(instance.client(), "first@example.com", "admin_password"))
					.isEqualTo(200);
				assertThat(Accounts.loginStatus(instance.client(), "first_admin", Accounts.PASSWORD)).isEqualTo(401);
			}
		}
	}

	@Test
	void existingUserOfThatIdThenPromotedAndNoSecondAdminOnTheNextStart() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get())) {
			try (RunningInstance plain = RunningInstance.start(schema)) {
				Accounts.register(plain.client(), "first_admin");
			}
			try (RunningInstance promoting = RunningInstance.start(schema, BOOTSTRAP)) {
				assertThat(admins(schema)).containsExactly("first_admin");
				// the bootstrap password does not replace the user's own
				assertThat(Accounts.loginStatus(promoting.client(), "first_admin", Accounts.PASSWORD)).isEqualTo(200);
			}
			try (RunningInstance other = RunningInstance.start(schema, "auth.bootstrap-admin.user-id=another_admin",
					"auth.bootstrap-admin.email=another@example.com", "auth.bootstrap-admin.password=admin_password")) {
				assertThat(admins(schema)).containsExactly("first_admin");
			}
		}
	}

	@Test
	void userOfThatIdInAnotherCaseThenNeitherPromotedNorATwinMade() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get())) {
			try (RunningInstance plain = RunningInstance.start(schema)) {
				Accounts.register(plain.client(), "First_Admin");
			}
			try (RunningInstance bootstrapping = RunningInstance.start(schema, BOOTSTRAP)) {
				assertThat(admins(schema)).isEmpty();
				assertThat(Accounts.loginStatus(bootstrapping.client(), "first_admin", "admin_password"))
					.isEqualTo(401);
			}
		}
	}

	/**
	 * Checked as registration checks an address, where the bootstrap uses it: while an
	 * admin exists the setting is not read.
	 */
	@Test
	void bootstrapEmailNotValidThenNoStartWhileNoAdminExistsAndStartOnceOneDoes() throws Exception {
		String[] notAnAddress = { "auth.bootstrap-admin.user-id=first_admin",
				"auth.bootstrap-admin.email=first@localhost", "auth.bootstrap-admin.password=admin_password" };
		try (TestSchema schema = TestSchema.create(PostgresServer.get())) {
			assertThatThrownBy(() -> RunningInstance.start(schema, notAnAddress))
				.hasStackTraceContaining("AUTH_BOOTSTRAP_ADMIN_EMAIL must be a valid e-mail address");
			assertThat(admins(schema)).isEmpty();
			RunningInstance.start(schema, BOOTSTRAP).close();
			try (RunningInstance later = RunningInstance.start(schema, notAnAddress)) {
				assertThat(admins(schema)).containsExactly("first_admin");
			}
		}
	}

	/**
	 * The last enabled admin cannot delete their own account: with no admin left, the
	 * next start would promote whoever had registered the bootstrap user_id since. Of two
	 * admins deleting theirs at once, one on each instance, one stays.
	 */
	@Test
	void lastAdminDeletingTheirAccountThen409AndOfTwoDeletingTheirsAtOnceOneStays() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance first = RunningInstance.start(schema, BOOTSTRAP);
				RunningInstance second = RunningInstance.start(schema, BOOTSTRAP)) {
			String admin = Accounts.login(first.client(), "first_admin", "admin_password");
			deleteOwnAccount(first.client(), admin, "admin_password").expectStatus()
				.isEqualTo(409)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("The last admin cannot delete their account; make another admin first");
			assertThat(Accounts.loginStatus(second.client(), "first_admin", "admin_password")).isEqualTo(200);

			String deputy = Accounts.register(first.client(), Accounts.uniqueUserId("deputy"));
			first.client()
				.patch()
				.uri("/admin/users/" + deputy)
				.header("Authorization", "Bearer " + admin)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"roles\": [\"admin\"]}")
				.exchange()
				.expectStatus()
				.isOk();
			String deputyToken = Accounts.login(second.client(), deputy, Accounts.PASSWORD);
			CompletableFuture<Integer> adminLeaving;
			CompletableFuture<Integer> deputyLeaving;
			try (AdvisoryLock changes = AdvisoryLock.take(schema, AdvisoryLock.ACCOUNT_CHANGES)) {
				adminLeaving = CompletableFuture
					.supplyAsync(() -> status(deleteOwnAccount(first.client(), admin, "admin_password")));
				changes.awaitWaiting(1);
				deputyLeaving = CompletableFuture
					.supplyAsync(() -> status(deleteOwnAccount(second.client(), deputyToken, Accounts.PASSWORD)));
				changes.awaitWaiting(2);
			}
			assertThat(adminLeaving.get(30, TimeUnit.SECONDS)).isEqualTo(204);
			assertThat(deputyLeaving.get(30, TimeUnit.SECONDS)).isEqualTo(409);
			assertThat(admins(schema)).containsExactly(deputy);
			assertThat(Accounts.loginStatus(first.client(), deputy, Accounts.PASSWORD)).isEqualTo(200);
		}
	}

	private static RestTestClient.ResponseSpec deleteOwnAccount(RestTestClient client, String token, String password) {
		return client.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"password\": \"" + password + "\"}")
			.exchange();
	}

	private static int status(RestTestClient.ResponseSpec response) {
		return response.returnResult().getStatus().value();
	}

	/** The port, once the instance's server takes requests. */
	static class ServerStarted {

		static volatile @Nullable Integer port;

		@Bean
		ApplicationListener<WebServerInitializedEvent> serverStarted() {
			return (event) -> port = event.getWebServer().getPort();
		}

	}

	private static List<String> admins(TestSchema schema) throws Exception {
		try (Connection connection = schema.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select user_id from users where 'admin' = any(roles)")) {
			List<String> admins = new ArrayList<>();
			while (rows.next()) {
				admins.add(rows.getString(1));
			}
			return admins;
		}
	}

}
