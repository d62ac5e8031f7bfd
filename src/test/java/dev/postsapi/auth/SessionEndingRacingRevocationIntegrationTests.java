package dev.postsapi.auth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that ends sessions (log out, log out everywhere, end one session) and whose
 * own session ends while it waits, after its token was accepted, changes nothing: a thief
 * the owner has just thrown out cannot end the owner's sessions on the way out. The
 * request is held after the token check, before its transaction, so the race is certain.
 */
@IntegrationTest
@Import(SessionEndingRacingRevocationIntegrationTests.GatedSessionEnding.class)
class SessionEndingRacingRevocationIntegrationTests {

	static final Gate GATE = new Gate();

	static final Set<String> GATED_METHODS = Set.of("logout", "logoutEverywhere", "endSession");

	@Autowired
	RestTestClient client;

	String user;

	Tokens thief;

	Tokens owner;

	@BeforeEach
	void twoSessionsOfOneAccount() {
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("thrown_out"));
		this.thief = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		this.owner = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

	@Test
	void logoutEverywhereWhenItsSessionEndsWhileItWaitsThen401AndTheOwnersSessionLives() throws Exception {
		CompletableFuture<Integer> logoutAll = GATE
			.hold(status(() -> this.client.post().uri("/logout/all").header("Authorization", this.thief.bearer())));

		// the owner changes the password, which ends every other session
		assertThat(this.client.put()
			.uri("/users/me/password")
			.header("Authorization", this.owner.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a_brand_new_password"))
			.exchange()
			.returnResult()
			.getStatus()
			.value()).isEqualTo(204);
		GATE.open();

		assertThat(logoutAll.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.meStatus(this.client, this.owner)).isEqualTo(200);
		assertThat(Accounts.refreshStatus(this.client, this.owner.refreshToken())).isEqualTo(200);
	}

	@Test
	void endSessionWhenItsSessionEndsWhileItWaitsThen401AndTheOwnersSessionLives() throws Exception {
		CompletableFuture<Integer> endOwners = GATE.hold(status(() -> this.client.delete()
			.uri("/users/me/sessions/" + DevicesIntegrationTests.sid(this.owner.accessToken()))
			.header("Authorization", this.thief.bearer())));

		endSession(this.owner, this.thief);
		GATE.open();

		assertThat(endOwners.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.meStatus(this.client, this.owner)).isEqualTo(200);
	}

	@Test
	void logoutWithTheOwnersRefreshTokenWhenItsSessionEndsWhileItWaitsThen401AndTheOwnersSessionLives()
			throws Exception {
		CompletableFuture<Integer> logout = GATE.hold(status(() -> this.client.post()
			.uri("/logout")
			.header("Authorization", this.thief.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("refresh_token", this.owner.refreshToken()))));

		endSession(this.owner, this.thief);
		GATE.open();

		assertThat(logout.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(Accounts.meStatus(this.client, this.owner)).isEqualTo(200);
	}

	/** {@code by} ends {@code whose} session. */
	private void endSession(Tokens by, Tokens whose) {
		this.client.delete()
			.uri("/users/me/sessions/" + DevicesIntegrationTests.sid(whose.accessToken()))
			.header("Authorization", by.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private static Supplier<Integer> status(Supplier<RestTestClient.RequestHeadersSpec<?>> request) {
		return () -> request.get().exchange().returnResult().getStatus().value();
	}

	/** Holds a request that ends sessions after its token was accepted, while armed. */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedSessionEnding {

		@Bean
		static BeanPostProcessor gatedSessionService() {
			return GATE.before(SessionService.class, GATED_METHODS);
		}

	}

}
