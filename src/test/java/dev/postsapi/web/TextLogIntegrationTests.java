package dev.postsapi.web;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text logs keep one entry per line: a logged value with line breaks (an adopted user_id,
 * which the original service took with any text) cannot write a line that looks like
 * another entry.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TextLogIntegrationTests {

	private static final String FORGED = "2026-12-07T04:20:00.000Z  INFO 1 --- [posts-api] [main] forged entry";

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void logLineWhenALoggedUserIdHoldsLineBreaksThenOneLineWithTheBreaksWrittenAsBackslashN(CapturedOutput output) {
		String model = Accounts.register(this.client, Accounts.uniqueUserId("model"));
		String adopted = "evil" + Accounts.uniqueUserId("") + "\n" + FORGED + "\r\n" + FORGED + "\u2028" + FORGED
				+ "\u001b[2J\u009b41m";
		String email = Accounts.uniqueUserId("evil") + "@example.com";
		this.jdbc.update(
				"insert into users (user_id, email, password) select ?, ?, password from users where user_id = ?",
				adopted, email, model);
		Tokens tokens = Accounts.loginForTokens(this.client, email, Accounts.PASSWORD);
		assertThat(Accounts.refreshStatus(this.client, tokens.refreshToken())).isEqualTo(200);

		// the reuse of a used refresh token is logged with the account's user_id
		assertThat(Accounts.refreshStatus(this.client, tokens.refreshToken())).isEqualTo(401);

		// nor can it write terminal escapes (clear the screen) for whoever follows the
		// log
		assertThat(output.getOut()).contains("\\n" + FORGED + "\\n" + FORGED + "\\n" + FORGED + "?[2J?41m is revoked")
			.doesNotContain("\u001b")
			.doesNotContain("\u009b");
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith(FORGED));
	}

}
