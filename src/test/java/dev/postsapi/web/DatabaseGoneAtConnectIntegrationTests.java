package dev.postsapi.web;

import java.io.EOFException;
import java.sql.SQLException;
import java.util.Map;

import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.StatementCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A connection the database closes as it is opened (pgJDBC's "connection attempt failed",
 * caused by an EOF: a proxy in front of no database) is the database unreachable, a 503,
 * never taken for a client that went away, which would leave a 200 with no body.
 */
@IntegrationTest
@Import(StatementCounter.Configuration.class)
class DatabaseGoneAtConnectIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	StatementCounter statements;

	@AfterEach
	void databaseBack() {
		this.statements.reset();
	}

	@Test
	void requestWhenItsTransactionCannotConnectForAnEofThen503() {
		this.statements
			.failConnections(new SQLException("The connection attempt failed.", "08001", new EOFException()));
		this.client.post()
			.uri("/password/reset")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("token", "x".repeat(43), "new_password", "a new password"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503);
	}

}
