package dev.postsapi.security;

import java.time.Clock;
import java.time.Duration;

import dev.postsapi.security.SlowRequestBodyIntegrationTests.HeldRequest;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On an instance whose clock runs half an hour ahead of the database's, a slow body's
 * second check reads the token's expiry on the clock the token was issued on (the
 * database's), so a live session's request goes through.
 */
@IntegrationTest
@Import(SlowRequestBodyClockIntegrationTests.ClockAhead.class)
class SlowRequestBodyClockIntegrationTests {

	@Autowired
	RestTestClient client;

	@LocalServerPort
	int port;

	@Test
	void createPostWhenTheBodyIsSlowAndTheInstancesClockAheadThen201() throws Exception {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("slowclock"));
		Tokens tokens = Accounts.loginForTokens(this.client, user, Accounts.PASSWORD);
		try (HeldRequest create = HeldRequest.start(this.port, "POST", "/posts", tokens,
				"{\"post_data\":\"slow, on a clock ahead\"}")) {
			assertThat(create.finishAfter(SlowBodySessionCheck.SLOW)).isEqualTo(201);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockAhead {

		@Bean
		@Primary
		Clock clockAhead() {
			return Clock.offset(Clock.systemUTC(), Duration.ofMinutes(30));
		}

	}

}
