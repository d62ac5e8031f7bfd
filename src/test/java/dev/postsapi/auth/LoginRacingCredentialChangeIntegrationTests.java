package dev.postsapi.auth;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.security.Sha256;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Gate;
import dev.postsapi.support.LockWaits;
import dev.postsapi.support.PasswordChecks;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login, a password change or an account deletion whose password check is in flight on
 * one instance while the owner changes the password, logs out everywhere or ends that
 * session on another: what came first must hold. The check waits at a gate, so the race
 * is certain rather than a matter of timing.
 */
class LoginRacingCredentialChangeIntegrationTests {

	static final String NEW_PASSWORD = "a_brand_new_password";

	static final String ATTACKERS_PASSWORD = "the_attackers_password";

	static TestSchema schema;

	/** Where the attacker logs in: its password checks wait at the gate when armed. */
	static RunningInstance gated;

	/** Where the owner acts. */
	static RunningInstance other;

	static final Gate GATE = new Gate();

	/** Where a login on the gated instance waits as it makes its address known. */
	static final Gate REMEMBERING = new Gate();

	String user;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		// each instance's connections named, so a test can tell whose request waits
		gated = RunningInstance.start(schema, new Class<?>[] { GatedPasswordChecks.class },
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
		this.user = Accounts.register(other.client(), Accounts.uniqueUserId("raced"));
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
		REMEMBERING.reset();
	}

	@Test
	void loginWhenThePasswordChangesDuringItsCheckThen401AndNoSessionOutlivesTheChange() throws Exception {
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> attacker = loginHeldAtTheGate();

		assertThat(changePassword(other, owner, Accounts.PASSWORD, NEW_PASSWORD)).isEqualTo(204);
		GATE.open();

		assertThat(attacker.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.loginStatus(gated.client(), this.user, NEW_PASSWORD)).isEqualTo(200);
	}

	@Test
	void loginWhenLogoutEverywhereDuringItsCheckThen401() throws Exception {
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> attacker = loginHeldAtTheGate();

		logoutEverywhere(owner);
		GATE.open();

		assertThat(attacker.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.loginStatus(gated.client(), this.user, Accounts.PASSWORD)).isEqualTo(200);
	}

	/**
	 * An admin's change that is no password change: the login goes on as one right after
	 * it would (it was a 401, "Invalid credentials", for the right password).
	 */
	@Test
	void loginWhenAnAdminDemotesOrDisablesTheAccountDuringItsCheckThenAsIfAfterTheChange() throws Exception {
		try (Connection connection = schema.connect(); Statement sql = connection.createStatement()) {
			sql.executeUpdate("update users set roles = '{moderator}' where user_id = '" + this.user + "'");
		}
		String adminToken = anAdmin();

		CompletableFuture<Tokens> demoted = GATE
			.hold(() -> Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD));
		assertThat(changeAccount(adminToken, "{\"roles\": [\"user\"]}")).isEqualTo(200);
		GATE.open();
		// a session with the roles left
		assertThat(rolesIn(demoted.get(30, TimeUnit.SECONDS).accessToken())).isEqualTo("[\"user\"]");

		GATE.reset();
		CompletableFuture<Integer> disabled = loginHeldAtTheGate();
		assertThat(changeAccount(adminToken, "{\"disabled\": true}")).isEqualTo(200);
		GATE.open();
		assertThat(disabled.get(30, TimeUnit.SECONDS)).isEqualTo(403);
	}

	/**
	 * A logout everywhere during the check ends it, whatever an admin changes besides
	 * (the version cannot tell whose change moved it).
	 */
	@Test
	void loginWhenLogoutEverywhereAndAnAdminsChangeDuringItsCheckThen401() throws Exception {
		try (Connection connection = schema.connect(); Statement sql = connection.createStatement()) {
			sql.executeUpdate("update users set roles = '{moderator}' where user_id = '" + this.user + "'");
		}
		String adminToken = anAdmin();
		for (String change : new String[] { "{\"roles\": [\"user\"]}", "{\"roles\": [\"user\", \"moderator\"]}" }) {
			Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
			GATE.reset();
			CompletableFuture<Integer> attacker = loginHeldAtTheGate();
			logoutEverywhere(owner);
			assertThat(changeAccount(adminToken, change)).isEqualTo(200);
			GATE.open();
			assertThat(attacker.get(30, TimeUnit.SECONDS)).as(change).isEqualTo(401);
		}
	}

	private String anAdmin() throws Exception {
		String admin = Accounts.register(other.client(), Accounts.uniqueUserId("racingadmin"));
		try (Connection connection = schema.connect(); Statement sql = connection.createStatement()) {
			sql.executeUpdate("update users set roles = '{admin}' where user_id = '" + admin + "'");
		}
		return Accounts.login(other.client(), admin, Accounts.PASSWORD);
	}

	private int changeAccount(String adminToken, String change) {
		return other.client()
			.patch()
			.uri("/admin/users/" + this.user)
			.header("Authorization", "Bearer " + adminToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(change)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/** The roles claim of an access token, as its JSON. */
	private static String rolesIn(String accessToken) {
		String claims = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		return claims.replaceAll(".*\"roles\":(\\[[^\\]]*\\]).*", "$1");
	}

	/**
	 * A wrong password checked as the account is deleted: the answer any wrong password
	 * or unknown name gets (it was a 409 telling the account had just existed).
	 */
	@Test
	void wrongPasswordWhenTheAccountIsDeletedDuringItsCheckThenTheUsual401() throws Exception {
		String owner = Accounts.login(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> guess = heldAtTheGate(
				() -> Accounts.loginStatus(gated.client(), this.user, "a_wrong_guess"));

		assertThat(Accounts.deleteOwnAccountStatus(other.client(), owner)).isEqualTo(204);
		GATE.open();

		assertThat(guess.get(30, TimeUnit.SECONDS)).isEqualTo(401);
	}

	/**
	 * The old password checked against the deleted account must not open a session on the
	 * new account of the same user_id, whose credentials are at their first version too.
	 */
	@Test
	void loginWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainDuringItsCheckThen401() throws Exception {
		String owner = Accounts.login(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> attacker = loginHeldAtTheGate();

		assertThat(Accounts.deleteOwnAccountStatus(other.client(), owner)).isEqualTo(204);
		other.client()
			.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", this.user, "email", "new_" + this.user + "@example.com", "password", NEW_PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		GATE.open();

		assertThat(attacker.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.loginStatus(gated.client(), this.user, NEW_PASSWORD)).isEqualTo(200);
	}

	/**
	 * A deletion forgets the account's known addresses; a login making its address known
	 * at that moment must not bring one back for a later account of the same user_id.
	 */
	@Test
	void loginWhenTheAccountIsDeletedAsItsAddressBecomesKnownThenNoKnownAddressOutlivesTheAccount() throws Exception {
		String owner = Accounts.login(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> login = REMEMBERING
			.hold(() -> Accounts.loginStatus(gated.client(), this.user, Accounts.PASSWORD));

		// the deletion waits for the account's lock, which the login holds
		CompletableFuture<Integer> deletion = LockWaits.onceItWaits(schema, "other", "gated",
				() -> Accounts.deleteOwnAccountStatus(other.client(), owner));
		REMEMBERING.open();

		assertThat(login.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(knownAddressesOf(this.user)).isZero();
	}

	/**
	 * Likewise for a password change whose check passed as the account was deleted: it
	 * fails, and leaves no address known for a later account of the same user_id.
	 */
	@Test
	void passwordChangeWhenTheAccountIsDeletedDuringTheCheckThen401AndNoKnownAddressOutlivesTheAccount()
			throws Exception {
		Tokens attacker = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		String owner = Accounts.login(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> change = attackersChangeHeldAtTheGate(attacker);

		assertThat(Accounts.deleteOwnAccountStatus(other.client(), owner)).isEqualTo(204);
		GATE.open();

		// its session ended with the account: the password it gave was right
		assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(knownAddressesOf(this.user)).isZero();
	}

	@Test
	void passwordChangeWhenTheOwnerChangesItDuringTheCheckThen401AndTheOwnersPasswordHolds() throws Exception {
		Tokens attacker = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> change = attackersChangeHeldAtTheGate(attacker);

		assertThat(changePassword(other, owner, Accounts.PASSWORD, NEW_PASSWORD)).isEqualTo(204);
		GATE.open();

		// the owner's change ended the attacker's session
		assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.loginStatus(other.client(), this.user, NEW_PASSWORD)).isEqualTo(200);
		assertThat(Accounts.loginStatus(other.client(), this.user, ATTACKERS_PASSWORD)).isEqualTo(401);
	}

	@Test
	void passwordChangeWhenItsSessionIsEndedDuringTheCheckThen401AndNothingChanges() throws Exception {
		Tokens attacker = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> change = attackersChangeHeldAtTheGate(attacker);

		other.client()
			.delete()
			.uri("/users/me/sessions/" + DevicesIntegrationTests.sid(attacker.accessToken()))
			.header("Authorization", owner.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		GATE.open();

		assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.meStatus(other.client(), owner)).isEqualTo(200);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(200);
		assertThat(Accounts.loginStatus(other.client(), this.user, ATTACKERS_PASSWORD)).isEqualTo(401);
	}

	@Test
	void deleteAccountWhenLogoutEverywhereDuringTheCheckThen401AndTheAccountStays() throws Exception {
		Tokens attacker = Accounts.loginForTokens(gated.client(), this.user, Accounts.PASSWORD);
		Tokens owner = Accounts.loginForTokens(other.client(), this.user, Accounts.PASSWORD);
		CompletableFuture<Integer> delete = heldAtTheGate(() -> gated.client()
			.method(HttpMethod.DELETE)
			.uri("/users/me")
			.header("Authorization", attacker.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", Accounts.PASSWORD))
			.exchange()
			.returnResult()
			.getStatus()
			.value());

		logoutEverywhere(owner);
		GATE.open();

		assertThat(delete.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.loginStatus(other.client(), this.user, Accounts.PASSWORD)).isEqualTo(200);
	}

	private static void logoutEverywhere(Tokens owner) {
		other.client()
			.post()
			.uri("/logout/all")
			.header("Authorization", owner.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	/** The addresses the limits know for logins to {@code userId}'s account. */
	private static long knownAddressesOf(String userId) {
		String account = HexFormat.of().formatHex(Sha256.digest(AttemptLimiter.accountOf(userId)));
		return schema
			.count("select count(*) from rate_limits where limit_key like 'login-known-address:" + account + "@%'");
	}

	/** A login on the gated instance, once its password check waits at the gate. */
	private CompletableFuture<Integer> loginHeldAtTheGate() throws InterruptedException {
		return heldAtTheGate(() -> Accounts.loginStatus(gated.client(), this.user, Accounts.PASSWORD));
	}

	/** The attacker's password change on the gated instance, held at its check. */
	private static CompletableFuture<Integer> attackersChangeHeldAtTheGate(Tokens attacker)
			throws InterruptedException {
		return heldAtTheGate(() -> changePassword(gated, attacker, Accounts.PASSWORD, ATTACKERS_PASSWORD));
	}

	/** A request to the gated instance, once its password check waits at the gate. */
	private static CompletableFuture<Integer> heldAtTheGate(Supplier<Integer> request) throws InterruptedException {
		return GATE.hold(request);
	}

	/** The status of a password change on {@code instance}. */
	static int changePassword(RunningInstance instance, Tokens tokens, String current, String next) {
		return instance.client()
			.put()
			.uri("/users/me/password")
			.header("Authorization", tokens.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", current, "new_password", next))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	/**
	 * Holds each password check while the gate is armed (it is armed for one), and a
	 * login's known address likewise.
	 */
	@Configuration(proxyBeanMethods = false)
	static class GatedPasswordChecks {

		@Bean
		static BeanPostProcessor gatedPasswordEncoder() {
			return PasswordChecks.before(GATE::pass);
		}

		/** Holds a login as its address is made known, while that gate is armed. */
		@Bean
		static BeanPostProcessor gatedKnownAddresses() {
			return REMEMBERING.before(AttemptLimiter.class::isInstance,
					(call) -> call.getMethod().getName().equals("loginSucceeded"));
		}

	}

}
