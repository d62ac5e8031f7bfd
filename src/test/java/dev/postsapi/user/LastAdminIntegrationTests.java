package dev.postsapi.user;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.AccountChangesLock;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last enabled admin cannot delete their own account: an admin always remains, and
 * with none the next start would promote whoever had registered the bootstrap admin's
 * user_id since. Two instances sharing one database, the bootstrap admin the only admin
 * at first.
 */
class LastAdminIntegrationTests {

	static final String ADMIN = "first_admin";

	static final String ADMIN_PASSWORD = "admin_password";

	static TestSchema schema;

	static RunningInstance first;

	static RunningInstance second;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		String[] bootstrap = { "auth.bootstrap-admin.user-id=" + ADMIN, "auth.bootstrap-admin.email=first@example.com",
				"auth.bootstrap-admin.password=" + ADMIN_PASSWORD };
		first = RunningInstance.start(schema, bootstrap);
		second = RunningInstance.start(schema, bootstrap);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		schema.close();
	}

	@Test
	void lastAdminDeletingTheirAccountThen409AndOfTwoAdminsDeletingTheirsAtOnceOneStays() throws Exception {
		String admin = Accounts.login(first.client(), ADMIN, ADMIN_PASSWORD);
		first.client()
			.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", "Bearer " + admin)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"password\": \"" + ADMIN_PASSWORD + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The last admin cannot delete their account; make another admin first");
		assertThat(Accounts.loginStatus(second.client(), ADMIN, ADMIN_PASSWORD)).isEqualTo(200);

		String deputy = Accounts.register(first.client(), Accounts.uniqueUserId("deputy"));
		assertThat(first.client()
			.patch()
			.uri("/admin/users/" + deputy)
			.header("Authorization", "Bearer " + admin)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"roles\": [\"admin\"]}")
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(200);
		String deputyToken = Accounts.login(second.client(), deputy, Accounts.PASSWORD);

		// both leave at once, one on each instance, each while the other is still an
		// admin
		CompletableFuture<Integer> adminLeaving;
		CompletableFuture<Integer> deputyLeaving;
		try (AccountChangesLock changes = AccountChangesLock.take(schema)) {
			adminLeaving = CompletableFuture.supplyAsync(() -> deleteOwnAccount(first.client(), admin, ADMIN_PASSWORD));
			changes.awaitWaiting(1);
			deputyLeaving = CompletableFuture
				.supplyAsync(() -> deleteOwnAccount(second.client(), deputyToken, Accounts.PASSWORD));
			changes.awaitWaiting(2);
		}
		assertThat(adminLeaving.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(deputyLeaving.get(30, TimeUnit.SECONDS)).isEqualTo(409);
		assertThat(schema.count("select count(*) from users where 'admin' = any(roles) and not disabled")).isEqualTo(1);
		assertThat(Accounts.loginStatus(first.client(), deputy, Accounts.PASSWORD)).isEqualTo(200);
		assertThat(Accounts.loginStatus(first.client(), ADMIN, ADMIN_PASSWORD)).isEqualTo(401);
	}

	private static int deleteOwnAccount(RestTestClient client, String token, String password) {
		return client.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"password\": \"" + password + "\"}")
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
