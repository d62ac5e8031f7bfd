package dev.postsapi.limits;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.PasswordChecks;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.LockWaits;
import dev.postsapi.support.StatementCounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static dev.postsapi.support.Problems.withoutRequestId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The brute-force limits over real HTTP against PostgreSQL, with small limits so each is
 * quick to reach, and two sessions per account. Behind a trusted proxy (this process's
 * own address, as a reverse proxy on the same host would be), so each test can speak from
 * the client address it needs through {@code X-Forwarded-For}. The clock is the
 * database's: tests move a window's end to let it pass.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import({ LoginLimitsIntegrationTests.CountingPasswordChecks.class, StatementCounter.Configuration.class })
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1",
		"auth.limits.login-failures-per-account-and-address=3", "auth.limits.login-failures-per-address=25",
		"auth.limits.login-failures-per-account=8", "auth.limits.registrations-per-address=2",
		"auth.session.max-per-user=2" })
class LoginLimitsIntegrationTests {

	private static final String NEW_PASSWORD = "another_password";

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	AtomicInteger passwordChecks;

	@Autowired
	MeterRegistry meters;

	@Autowired
	StatementCounter statements;

	String user;

	String address;

	@BeforeEach
	void aUserAndAnAddressOfTheirOwn() {
		this.jdbc.update("delete from rate_limits");
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("limited"));
		this.address = "198.51.100." + (int) (Math.random() * 250 + 1);
	}

	@Test
	void loginWhenFailuresReachTheLimitThen429WithRetryAfterEvenForTheRightPassword() {
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.user, "wrong_password", this.address).getStatus().value()).isEqualTo(401);
		}
		EntityExchangeResult<Map> refused = login(this.user, "wrong_password", this.address);
		assertThat(refused.getStatus().value()).isEqualTo(429);
		assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getResponseBody()).containsEntry("status", 429);
		int retryAfter = Integer.parseInt(refused.getResponseHeaders().getFirst("Retry-After"));
		assertThat(retryAfter).isBetween(1, 15 * 60);
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
	}

	@Test
	void loginWhenRefusedThenNoPasswordIsHashed() {
		failUntilRefused(this.user, this.address);
		int before = this.passwordChecks.get();
		for (int i = 0; i < 5; i++) {
			assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
		}
		assertThat(this.passwordChecks.get()).isEqualTo(before);
	}

	@Test
	void loginWhenLimitedThenAnotherUserAndAnotherAddressUnaffected() {
		String other = Accounts.register(this.client, Accounts.uniqueUserId("neighbour"));
		failUntilRefused(this.user, this.address);
		assertThat(login(other, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(200);
		assertThat(login(this.user, Accounts.PASSWORD, "192.0.2.200").getStatus().value()).isEqualTo(200);
	}

	@Test
	void loginWhenTheProxyAddsEachClientsPortThenTheAddressAloneCounts() {
		// some proxies write X-Forwarded-For as ip:port, and Tomcat passes it on as is
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.user, "wrong_password", this.address + ":" + (40000 + i)).getStatus().value())
				.isEqualTo(401);
		}
		assertThat(login(this.user, Accounts.PASSWORD, this.address + ":41000").getStatus().value()).isEqualTo(429);
		assertThat(login(this.user, Accounts.PASSWORD, "[2001:db8::7]:41000").getStatus().value()).isEqualTo(200);
		assertThat(login(this.user, Accounts.PASSWORD, "192.0.2.200:41000").getStatus().value()).isEqualTo(200);
	}

	@Test
	void loginWhenSuccessfulThenTheCountForThatAccountAndAddressStartsAfresh() {
		login(this.user, "wrong_password", this.address);
		login(this.user, "wrong_password", this.address);
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.user, "wrong_password", this.address).getStatus().value()).isEqualTo(401);
		}
		assertThat(login(this.user, "wrong_password", this.address).getStatus().value()).isEqualTo(429);
	}

	@Test
	void loginWhenUnknownUsernameThenCountedAndLimitedAlikeWithTheSameAnswers() {
		String nobody = "nobody_" + this.user;
		for (int i = 0; i < 3; i++) {
			EntityExchangeResult<Map> known = login(this.user, "wrong_password", this.address);
			EntityExchangeResult<Map> unknown = login(nobody, "wrong_password", this.address);
			assertThat(unknown.getStatus()).isEqualTo(known.getStatus());
			assertThat(withoutRequestId(unknown.getResponseBody()))
				.isEqualTo(withoutRequestId(known.getResponseBody()));
		}
		EntityExchangeResult<Map> known = login(this.user, "wrong_password", this.address);
		EntityExchangeResult<Map> unknown = login(nobody, "wrong_password", this.address);
		assertThat(known.getStatus().value()).isEqualTo(429);
		assertThat(unknown.getStatus().value()).isEqualTo(429);
		assertThat(withoutDigits(withoutRequestId(unknown.getResponseBody())))
			.isEqualTo(withoutDigits(withoutRequestId(known.getResponseBody())));
	}

	/**
	 * Past a limit, a refusal sends the same statements for an account as for a name no
	 * account has, so its time does not tell which names exist (its answer never did).
	 */
	@Test
	void loginWhenRefusedThenAKnownAndAnUnknownNameSendTheSameStatements() {
		String nobody = "nobody_" + this.user;
		// each one's first refusal, which records an event for the account, behind them
		failUntilRefused(this.user, this.address);
		failUntilRefused(nobody, this.address);
		this.statements.reset();
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
		long known = this.statements.count();
		this.statements.reset();
		assertThat(login(nobody, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
		assertThat(this.statements.count()).isPositive().isEqualTo(known);
	}

	@Test
	void loginWhenAnAddressIsRefusedThenMadeUpNamesAddNoRowEach() {
		for (int i = 0; i < 25; i++) {
			assertThat(login("nobody" + i + "_" + this.user, "wrong_password", this.address).getStatus().value())
				.isEqualTo(401);
		}
		int before = refusalRows();
		for (int i = 0; i < 10; i++) {
			assertThat(login("made_up" + i + "_" + this.user, "wrong_password", this.address).getStatus().value())
				.isEqualTo(429);
		}
		assertThat(refusalRows()).isLessThanOrEqualTo(before + 1);
	}

	@Test
	void loginWhenEmailInAnotherCaseThenTheSameAccountCount() {
		String email = this.user + "@example.com";
		login(email, "wrong_password", this.address);
		login(email.toUpperCase(Locale.ROOT), "wrong_password", this.address);
		login(email, "wrong_password", this.address);
		assertThat(login(email.toUpperCase(Locale.ROOT), Accounts.PASSWORD, this.address).getStatus().value())
			.isEqualTo(429);
	}

	@Test
	void loginWhenTheWindowHasPassedThenAdmittedAgain() {
		failUntilRefused(this.user, this.address);
		this.jdbc.update("update rate_limits set window_end = now() - interval '1 second'");
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(200);
	}

	@Test
	void loginWhenOneAddressSpraysManyAccountsThenThatAddressIsRefused() {
		for (int i = 0; i < 25; i++) {
			assertThat(login("sprayed_" + i + "_" + this.user, "password123", this.address).getStatus().value())
				.isEqualTo(401);
		}
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
		assertThat(login(this.user, Accounts.PASSWORD, "192.0.2.201").getStatus().value()).isEqualTo(200);
	}

	@Test
	void loginWhenIpv6ThenAddressesOfOneSlash64CountTogether() {
		for (int i = 1; i <= 25; i++) {
			login("v6_" + i + "_" + this.user, "password123", "2001:db8:77:1::" + Integer.toHexString(i));
		}
		assertThat(login(this.user, Accounts.PASSWORD, "2001:db8:77:1:ffff:ffff:ffff:ffff").getStatus().value())
			.isEqualTo(429);
		assertThat(login(this.user, Accounts.PASSWORD, "2001:db8:77:2::1").getStatus().value()).isEqualTo(200);
	}

	@Test
	void loginWhenForwardedForListsSeveralThenTheRightmostUntrustedCounts() {
		// a client can write anything left of what the proxy appends: that part is not
		// believed
		for (int i = 0; i < 3; i++) {
			login(this.user, "wrong_password", "10.9.9." + i + ", " + this.address);
		}
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
	}

	@Test
	void loginWhenOneAccountFailsFromManyAddressesThenRefusedAboveTheCeilingExceptFromKnownAddresses() {
		String home = "203.0.113.10";
		assertThat(login(this.user, Accounts.PASSWORD, home).getStatus().value()).isEqualTo(200);
		for (int i = 0; i < 8; i++) {
			assertThat(login(this.user, "wrong_password", "192.0.2." + (10 + i)).getStatus().value()).isEqualTo(401);
		}
		assertThat(login(this.user, Accounts.PASSWORD, "192.0.2.99").getStatus().value()).isEqualTo(429);
		// the owner, from where they logged in before, is not locked out
		assertThat(login(this.user, Accounts.PASSWORD, home).getStatus().value()).isEqualTo(200);
	}

	@Test
	void changePasswordThenTheAccountsKnownAddressesLoseTheirExemption() {
		EntityExchangeResult<Map> home = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(home.getStatus().value()).isEqualTo(200);
		assertThat(knownAddresses()).isOne();
		assertThat(changePassword(Tokens.of(home.getResponseBody()).accessToken(), Accounts.PASSWORD)).isEqualTo(204);
		assertThat(knownAddresses()).isZero();
		for (int i = 0; i < 8; i++) {
			assertThat(login(this.user, "wrong_password", "192.0.2." + (10 + i)).getStatus().value()).isEqualTo(401);
		}
		// the owner's address is no longer exempt: even the new password is refused
		assertThat(login(this.user, NEW_PASSWORD, this.address).getStatus().value()).isEqualTo(429);
	}

	@Test
	void deleteAccountThenALaterAccountOfItsUserIdInheritsNeitherItsKnownAddressesNorItsCounts() {
		EntityExchangeResult<Map> home = login(this.user, Accounts.PASSWORD, this.address);
		assertThat(home.getStatus().value()).isEqualTo(200);
		assertThat(login(this.user, "wrong_password", "192.0.2.50").getStatus().value()).isEqualTo(401);
		// counted under its e-mail, a name of its own
		assertThat(
				login(this.user.toUpperCase(Locale.ROOT) + "@example.com", "wrong_password", "192.0.2.51").getStatus()
					.value())
			.isEqualTo(401);
		assertThat(Accounts.deleteOwnAccountStatus(this.client, Tokens.of(home.getResponseBody()).accessToken()))
			.isEqualTo(204);
		// registered again, from another address than the deleted account's
		assertThat(register(this.user, "198.51.100.251")).isEqualTo(201);
		// but for the addresses' own counts, which are no account's
		assertThat(this.jdbc.queryForObject(
				"select count(*) from rate_limits where limit_key like 'login-%' and limit_key not like 'login-address:%'",
				Integer.class))
			.isZero();
		for (int i = 0; i < 8; i++) {
			assertThat(login(this.user, "wrong_password", "192.0.2." + (10 + i)).getStatus().value()).isEqualTo(401);
		}
		// the deleted account's address is not exempt for the new one
		assertThat(login(this.user, Accounts.PASSWORD, this.address).getStatus().value()).isEqualTo(429);
	}

	@Test
	void loginWhenTheProxyForwardsNoAddressThenLoggedInAndOnlyAnAddressIsStored() {
		String garbage = "not-an-address-" + "x".repeat(85);
		assertThat(login(this.user, Accounts.PASSWORD, garbage).getStatus().value()).isEqualTo(200);
		assertThat(login(this.user, Accounts.PASSWORD, "203.0.113.9").getStatus().value()).isEqualTo(200);
		assertThat(this.jdbc.queryForList("select client_address from sessions where user_id = ? order by created_at",
				String.class, this.user))
			.containsExactly(null, "203.0.113.9");
	}

	@Test
	void loginWhenPastTheSessionCapThenTheAccountsOldestSessionEnds() {
		String other = Accounts.register(this.client, Accounts.uniqueUserId("other"));
		Tokens others = Accounts.loginForTokens(this.client, other, Accounts.PASSWORD);
		Tokens first = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		Tokens second = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		Tokens third = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		assertThat(Accounts.meStatus(this.client, first)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, first.refreshToken())).isEqualTo(401);
		for (Tokens live : List.of(second, third, others)) {
			assertThat(Accounts.meStatus(this.client, live)).isEqualTo(200);
			assertThat(Accounts.refreshStatus(this.client, live.refreshToken())).isEqualTo(200);
		}
	}

	@Test
	void loginWhenTwentyAtOnceThenStillNoMoreLiveSessionsThanTheCap() throws Exception {
		for (int i = 0; i < 5; i++) {
			Accounts.login(this.client, this.user, Accounts.PASSWORD);
		}
		List<Integer> statuses = Concurrently.run(20,
				i -> Accounts.loginStatus(this.client, this.user, Accounts.PASSWORD));
		assertThat(statuses).containsOnly(200);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from sessions where user_id = ? and revoked_at is null and expires_at > now()",
				Integer.class, this.user))
			.isEqualTo(2);
	}

	@Test
	void loginWhenTwentyWrongPasswordsAtOnceThenCountedExactly() throws Exception {
		List<Integer> statuses = Concurrently.run(20,
				i -> login("parallel_" + i + "_" + this.user, "wrong_password", this.address).getStatus().value());
		assertThat(statuses).containsOnly(401);
		assertThat(this.jdbc.queryForObject("select count from rate_limits where limit_key = ?", Integer.class,
				"login-address:" + this.address))
			.isEqualTo(20);
	}

	@Test
	void loginWhenTwentyWrongPasswordsAtOnceForOneAccountThenHardlyMoreThanTheLimitAreChecked() throws Exception {
		List<Integer> statuses = Concurrently.run(20,
				i -> login(this.user, "wrong_password", this.address).getStatus().value());
		// checked once more on the hashing thread: past the limit by at most the
		// passwords
		// being hashed at that moment, one per hashing thread
		int hashingThreads = Runtime.getRuntime().availableProcessors();
		long checked = statuses.stream().filter(status -> status == 401).count();
		assertThat(checked).isBetween(3L, 3L + hashingThreads - 1);
		assertThat(statuses).filteredOn(status -> status == 429).hasSize(20 - (int) checked);
		assertThat(this.jdbc.queryForObject("select count from rate_limits where limit_key like ?", Integer.class,
				"login-account-address:%@" + this.address))
			.isEqualTo((int) checked);
	}

	@Test
	void loginWhenManyRightPasswordsAtOnceForOneAccountThenAllSucceed() throws Exception {
		List<Integer> statuses = Concurrently.run(20,
				i -> login(this.user, Accounts.PASSWORD, this.address).getStatus().value());
		assertThat(statuses).containsOnly(200);
	}

	@Test
	void changePasswordWhenCurrentPasswordWrongThenCountedAsAFailedLogin() {
		String token = Accounts.login(this.client, this.user, Accounts.PASSWORD);
		for (int i = 0; i < 3; i++) {
			assertThat(changePassword(token, "not_my_password")).isEqualTo(403);
		}
		assertThat(changePassword(token, Accounts.PASSWORD)).isEqualTo(429);
	}

	@Test
	void registerWhenTheAddressRegisteredEnoughThen429AndAnotherAddressStillRegisters() {
		assertThat(register(Accounts.uniqueUserId("first"), this.address)).isEqualTo(201);
		assertThat(register(Accounts.uniqueUserId("second"), this.address)).isEqualTo(201);
		EntityExchangeResult<byte[]> refused = this.client.post()
			.uri("/users")
			.header("X-Forwarded-For", this.address)
			.contentType(MediaType.APPLICATION_JSON)
			.body(registration(Accounts.uniqueUserId("third")))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult();
		assertThat(Integer.parseInt(refused.getResponseHeaders().getFirst("Retry-After"))).isBetween(1, 3600);
		assertThat(register(Accounts.uniqueUserId("elsewhere"), "192.0.2.202")).isEqualTo(201);
	}

	@Test
	void registerWhenThreePassTheCheckBeforeAnyIsCountedThenOnlyTheLimitsTwo() throws Exception {
		List<String> userIds = IntStream.range(0, 3).mapToObj(i -> Accounts.uniqueUserId("burst")).toList();
		// outside the pool, which the registrations need
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		try (ExecutorService sender = Executors.newSingleThreadExecutor();
				Connection holder = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
						pool.getPassword())) {
			holder.setAutoCommit(false);
			// the counters' writes wait, their reads do not: all three find the address
			// under its limit, and only the count after each one's own can refuse it
			holder.createStatement().execute("lock table rate_limits in share mode");
			Future<List<Integer>> sent = sender
				.submit(() -> Concurrently.run(3, i -> register(userIds.get(i), this.address)));
			assertThat(LockWaits.onTable(this.jdbc, "rate_limits", 3)).isEqualTo(3);
			holder.rollback();
			List<Integer> statuses = sent.get(30, TimeUnit.SECONDS);
			assertThat(statuses).filteredOn(status -> status == 201).hasSize(2);
			assertThat(statuses).filteredOn(status -> status == 429).hasSize(1);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from users where user_id = any(?)", Integer.class,
				(Object) userIds.toArray(String[]::new)))
			.isEqualTo(2);
	}

	@Test
	void registerWhenTheProxyForwardsNoAddressesThenTheyShareOneCount() {
		// a proxy passing on what clients sent: varying it gives no new counts
		assertThat(register(Accounts.uniqueUserId("junk"), "junk-1")).isEqualTo(201);
		assertThat(register(Accounts.uniqueUserId("junk"), "junk-2")).isEqualTo(201);
		assertThat(register(Accounts.uniqueUserId("junk"), "unknown")).isEqualTo(429);
	}

	@Test
	void registerWhenIpv4ClientsComeThroughNat64ThenEachHasItsOwnCount() {
		// 192.0.2.201 to .203, not one /64 of IPv6
		for (String client : List.of("64:ff9b::c000:2c9", "64:ff9b::c000:2ca", "::ffff:0:c000:2cb")) {
			assertThat(register(Accounts.uniqueUserId("nat"), client)).as(client).isEqualTo(201);
		}
		// one IPv4 client however it comes: its third is refused
		assertThat(register(Accounts.uniqueUserId("nat"), "64:ff9b::192.0.2.210")).isEqualTo(201);
		assertThat(register(Accounts.uniqueUserId("nat"), "192.0.2.210")).isEqualTo(201);
		assertThat(register(Accounts.uniqueUserId("nat"), "::ffff:0:192.0.2.210")).isEqualTo(429);
	}

	@Test
	void limitWhenReachedThenOneLogLineWithoutTheUsernameAndACounterPerRefusal(CapturedOutput output) {
		failUntilRefused(this.user, this.address);
		login(this.user, "wrong_password", this.address);
		assertThat(output.getOut().split("Limit login-account-address reached", -1)).hasSize(2);
		assertThat(output.getOut()).doesNotContain(this.user + "@").doesNotContain("wrong_password");
		assertThat(this.meters.get("auth.limits.refused").tag("limit", "login-account-address").counter().count())
			.isPositive();
	}

	private void failUntilRefused(String username, String address) {
		for (int i = 0; i < 3; i++) {
			login(username, "wrong_password", address);
		}
		assertThat(login(username, "wrong_password", address).getStatus().value()).isEqualTo(429);
	}

	private EntityExchangeResult<Map> login(String username, String password, String address) {
		return this.client.post()
			.uri("/login")
			.header("X-Forwarded-For", address)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", username, "password", password))
			.exchange()
			.expectBody(Map.class)
			.returnResult();
	}

	private int refusalRows() {
		return this.jdbc.queryForObject("select count(*) from rate_limits where limit_key like 'login-refused:%'",
				Integer.class);
	}

	private int knownAddresses() {
		return this.jdbc.queryForObject("select count(*) from rate_limits where limit_key like 'login-known-address:%'",
				Integer.class);
	}

	private int changePassword(String token, String current) {
		return this.client.put()
			.uri("/users/me/password")
			.header("Authorization", "Bearer " + token)
			.header("X-Forwarded-For", this.address)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", current, "new_password", NEW_PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private int register(String userId, String address) {
		return this.client.post()
			.uri("/users")
			.header("X-Forwarded-For", address)
			.contentType(MediaType.APPLICATION_JSON)
			.body(registration(userId))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private static Map<String, String> registration(String userId) {
		return Map.of("user_id", userId, "email", userId + "@example.com", "password", Accounts.PASSWORD);
	}

	private static String withoutDigits(Object body) {
		return String.valueOf(body).replaceAll("[0-9]", "");
	}

	/** Counts the password checks, which is where bcrypt's time goes. */
	@TestConfiguration(proxyBeanMethods = false)
	static class CountingPasswordChecks {

		@Bean
		static AtomicInteger passwordChecks() {
			return new AtomicInteger();
		}

		@Bean
		static BeanPostProcessor countingPasswordEncoder(ObjectProvider<AtomicInteger> checks) {
			return PasswordChecks.before(() -> checks.getObject().incrementAndGet());
		}

	}

}
