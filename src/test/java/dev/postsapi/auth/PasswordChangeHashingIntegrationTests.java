package dev.postsapi.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PasswordChecks;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password change hashes the new password before its transaction: while bcrypt runs, it
 * holds no pool connection. With a pool of one and the hashing held at a gate, another
 * request still gets the connection.
 */
class PasswordChangeHashingIntegrationTests {

	static final CountDownLatch hashing = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	static volatile boolean armed;

	@Test
	void changePasswordWhileItsNewPasswordIsHashedThenTheOnlyConnectionServesOthers() throws Exception {
		try (TestSchema schema = TestSchema.create(PostgresServer.get());
				RunningInstance instance = RunningInstance.start(schema, new Class<?>[] { GatedHashing.class },
						"spring.datasource.hikari.maximum-pool-size=1",
						// Flyway on a connection of its own: it needs two
						"spring.flyway.url=" + schema.jdbcUrl(), "spring.flyway.user=" + schema.server().username(),
						"spring.flyway.password=" + schema.server().password())) {
			String user = Accounts.register(instance.client(), Accounts.uniqueUserId("hasher"));
			Tokens tokens = Accounts.loginForTokens(instance.client(), user, Accounts.PASSWORD);
			armed = true;
			CompletableFuture<Integer> change = CompletableFuture.supplyAsync(() -> instance.client()
				.put()
				.uri("/users/me/password")
				.header("Authorization", tokens.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_brand_new_password"))
				.exchange()
				.returnResult()
				.getStatus()
				.value());
			assertThat(hashing.await(30, TimeUnit.SECONDS)).as("the change reached bcrypt").isTrue();
			try {
				// the pool's one connection answers within its 2 s wait, or this is a 503
				assertThat(Accounts.meStatus(instance.client(), tokens)).isEqualTo(200);
			}
			finally {
				release.countDown();
			}
			assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		}
	}

	/** Holds the hashing of a new password while armed. */
	@Configuration(proxyBeanMethods = false)
	static class GatedHashing {

		@Bean
		static BeanPostProcessor gatedEncode() {
			return PasswordChecks.around(() -> {
				if (armed) {
					armed = false;
					hashing.countDown();
					try {
						release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}, () -> {
			});
		}

	}

}
