package dev.postsapi.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PasswordChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A right password is not limited, so one client may send logins as fast as it likes:
 * over real HTTP, behind a trusted proxy so that two clients speak from two addresses,
 * another client's login is checked after no more than two of the flood's hashes per
 * hashing thread, not after all of them.
 */
@IntegrationTest
@Import(LoginTurnsIntegrationTests.HeldPasswordChecks.class)
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1" })
class LoginTurnsIntegrationTests {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private static final String OTHER_PASSWORD = "the other client's password";

	/** The passwords in the order they were checked. */
	static final List<String> checked = Collections.synchronizedList(new ArrayList<>());

	/** While set, each check waits for a turn the test gives. */
	static volatile boolean stepping;

	/** The turns the test gives, one check each. */
	static final Semaphore turns = new Semaphore(0);

	/** Released as each check starts. */
	static final Semaphore started = new Semaphore(0);

	@Autowired
	RestTestClient client;

	@Autowired
	PasswordHashing hashing;

	@AfterEach
	void letChecksGo() {
		stepping = false;
		turns.release(1000);
	}

	@Test
	void loginWhenAnotherClientFloodsLoginsThenItsPasswordIsCheckedBeforeMostOfTheFlood() throws Exception {
		String flooder = Accounts.register(this.client, Accounts.uniqueUserId("flooder"));
		String other = Accounts.uniqueUserId("other");
		this.client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", other, "email", other + "@example.com", "password", OTHER_PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		checked.clear();
		started.drainPermits();
		turns.drainPermits();
		stepping = true;

		int flood = 4 * CORES + 6;
		List<CompletableFuture<Integer>> logins = new ArrayList<>();
		// a thread each, however many cores the common pool has
		ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
		for (int i = 0; i < flood; i++) {
			logins
				.add(CompletableFuture.supplyAsync(() -> login("198.51.100.23", flooder, Accounts.PASSWORD), clients));
		}
		// every hashing thread holds one of the flood's; the rest of it reaches the
		// service meanwhile
		assertThat(started.tryAcquire(CORES, 30, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(1000);
		logins.add(CompletableFuture.supplyAsync(() -> login("203.0.113.45", other, OTHER_PASSWORD), clients));
		// queued behind the flood's two per thread, and nothing else
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.hashing.queued() < CORES + 1) {
			assertThat(System.nanoTime()).as("the other login's check is queued").isLessThan(deadline);
			Thread.sleep(10);
		}
		// one check at a time from now: each turn frees one hashing thread, which takes
		// the
		// next check off the queue, so the order checked is the queue's order
		int checks = flood + 1;
		for (int turn = 0; turn < checks; turn++) {
			turns.release();
			if (turn < checks - CORES) {
				assertThat(started.tryAcquire(30, TimeUnit.SECONDS)).as("the next check started").isTrue();
			}
		}

		for (CompletableFuture<Integer> login : logins) {
			assertThat(login.get(60, TimeUnit.SECONDS)).isEqualTo(200);
		}
		clients.close();
		assertThat(checked).hasSize(flood + 1);
		// before it: the checks running and the two per thread queued, no more
		assertThat(checked.indexOf(OTHER_PASSWORD)).as(checked.toString()).isEqualTo(2 * CORES);
	}

	private int login(String address, String username, String password) {
		return Accounts.loginStatusFrom(this.client, address, username, password);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HeldPasswordChecks {

		@Bean
		static BeanPostProcessor heldPasswordChecks() {
			return PasswordChecks.checking((password) -> {
				if (!stepping) {
					return;
				}
				checked.add(password);
				started.release();
				try {
					turns.tryAcquire(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

	}

}
