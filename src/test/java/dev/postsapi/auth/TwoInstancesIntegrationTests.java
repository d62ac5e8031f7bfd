package dev.postsapi.auth;

import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on two ports sharing one database, as behind a load
 * balancer: what one ends, the other refuses on the very next request, with no cache in
 * between.
 */
class TwoInstancesIntegrationTests {

	static TestSchema schema;

	static RunningInstance first;

	static RunningInstance second;

	String user;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		first = RunningInstance.start(schema);
		second = RunningInstance.start(schema);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		schema.close();
	}

	@BeforeEach
	void aUser() {
		this.user = Accounts.register(first.client(), Accounts.uniqueUserId("twice"));
	}

	@Test
	void logoutOnOneThenTheOtherRefusesTheTokenOnTheNextRequest() {
		Tokens tokens = Accounts.loginForTokens(first.client(), this.user, Accounts.PASSWORD);
		assertThat(me(second.client(), tokens)).isEqualTo(200);
		first.client()
			.post()
			.uri("/logout")
			.header("Authorization", tokens.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(me(second.client(), tokens)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(second.client(), tokens.refreshToken())).isEqualTo(401);
	}

	@Test
	void endSessionOnOneThenTheOtherRefusesItsTokensOnTheNextRequest() {
		Tokens phone = Accounts.loginForTokens(second.client(), this.user, Accounts.PASSWORD);
		Tokens laptop = Accounts.loginForTokens(first.client(), this.user, Accounts.PASSWORD);
		assertThat(me(second.client(), phone)).isEqualTo(200);
		first.client()
			.delete()
			.uri("/users/me/sessions/" + DevicesIntegrationTests.sid(phone.accessToken()))
			.header("Authorization", laptop.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(me(second.client(), phone)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(second.client(), phone.refreshToken())).isEqualTo(401);
		assertThat(me(second.client(), laptop)).isEqualTo(200);
	}

	@Test
	void replayOnOneOfATokenRotatedOnTheOtherThenTheSessionEndsOnBoth() {
		Tokens stolen = Accounts.loginForTokens(first.client(), this.user, Accounts.PASSWORD);
		assertThat(Accounts.refreshStatus(first.client(), stolen.refreshToken())).isEqualTo(200);
		assertThat(Accounts.refreshStatus(second.client(), stolen.refreshToken())).isEqualTo(401);
		assertThat(me(first.client(), stolen)).isEqualTo(401);
		assertThat(me(second.client(), stolen)).isEqualTo(401);
	}

	@Test
	void passwordChangeOnOneThenTheOtherRefusesOtherSessionsAndTheOldPassword() {
		Tokens caller = Accounts.loginForTokens(first.client(), this.user, Accounts.PASSWORD);
		Tokens elsewhere = Accounts.loginForTokens(second.client(), this.user, Accounts.PASSWORD);
		first.client()
			.put()
			.uri("/users/me/password")
			.header("Authorization", caller.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("current_password", Accounts.PASSWORD, "new_password", "another_password"))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(me(second.client(), elsewhere)).isEqualTo(401);
		assertThat(me(second.client(), caller)).isEqualTo(200);
		assertThat(login(second.client(), Accounts.PASSWORD)).isEqualTo(401);
		assertThat(login(second.client(), "another_password")).isEqualTo(200);
	}

	@Test
	void loginFailuresAlternatingBetweenInstancesThenRefusedAtTheSameCountAsOnOne() {
		for (int i = 0; i < 10; i++) {
			assertThat(login((i % 2 == 0) ? first.client() : second.client(), "wrong_password")).isEqualTo(401);
		}
		assertThat(login(first.client(), Accounts.PASSWORD)).isEqualTo(429);
		assertThat(login(second.client(), Accounts.PASSWORD)).isEqualTo(429);
	}

	private int me(RestTestClient client, Tokens tokens) {
		return Accounts.meStatus(client, tokens);
	}

	private int login(RestTestClient client, String password) {
		return Accounts.loginStatus(client, this.user, password);
	}

}
