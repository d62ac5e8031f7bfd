package dev.postsapi.web;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator who turns every logger to DEBUG (or TRACE) to find a fault logs no password
 * and no password hash: Hibernate's listing of the entities it flushes and its bound
 * values stay at INFO.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DebugLogIntegrationTests {

	private static final String TEST_CLIENT = "org.springframework.web.client";

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	LoggingSystem logging;

	@Test
	void registerAndLoginWhenEveryLoggerAtTraceThenNeitherPasswordNorItsHashLogged(CapturedOutput output) {
		String userId = Accounts.uniqueUserId("traced");
		atTrace(() -> Accounts.registerAndLogin(this.client, userId));
		String hash = this.jdbc.queryForObject("select password from users where user_id = ?", String.class, userId);
		// the log was written at all: the registration's SQL
		assertThat(output.getOut()).contains("insert into users");
		assertThat(output.getOut()).doesNotContain(hash).doesNotContain(Accounts.PASSWORD);
	}

	@Test
	void registerWhenThePasswordIsNotJsonThenNotLoggedAtTheDefaultLevelNorAtTrace(CapturedOutput output) {
		registerWithUnquotedPassword("NotLoggedAtInfo");
		atTrace(() -> registerWithUnquotedPassword("NotLoggedAtTrace"));
		// the log was written at all: the second request's dispatch
		assertThat(output.getOut()).contains("POST \"/users\"");
		assertThat(output.getOut()).doesNotContain("NotLoggedAtInfo").doesNotContain("NotLoggedAtTrace");
	}

	/** Every logger at TRACE but this test's own client, which logs what it sends. */
	private void atTrace(Runnable requests) {
		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.TRACE);
		this.logging.setLogLevel(TEST_CLIENT, LogLevel.INFO);
		try {
			requests.run();
		}
		finally {
			this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
			this.logging.setLogLevel(TEST_CLIENT, null);
		}
	}

	private void registerWithUnquotedPassword(String password) {
		this.client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"user_id\": \"unquoted\", \"email\": \"unquoted@example.com\", \"password\": " + password + "}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

}
