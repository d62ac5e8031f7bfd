package dev.postsapi.limits;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static dev.postsapi.support.Problems.withoutRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The per-(name, address) login limit counts a name as the lookup normalises it: a
 * user_id exactly, an e-mail in any case, or letters the database's {@code lower()} folds
 * into the e-mail's ({@code İ} is {@code i} under C.UTF-8). An account's user_id and its
 * e-mail are two names, so that a refusal of one tells nothing of the other (which e-mail
 * a public user_id has); the per-account limit counts the account however it is named. An
 * unknown name is folded and counted alike, with the same answers. The default limits:
 * the eleventh attempt by one name from one address is refused.
 */
@IntegrationTest
class AccountNamesLimitsIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void noCountsYet() {
		// the classes sharing this context fail logins from this address too
		this.jdbc.update("delete from rate_limits");
	}

	@Test
	void loginWhenFailuresSpreadOverTheEmailInAnyCaseThenOneNameIsCounted() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("spread"));
		String email = user + "@example.com";
		List<String> names = List.of(email, email.toUpperCase(Locale.ROOT));
		for (int i = 0; i < 10; i++) {
			assertThat(status(names.get(i % names.size()), "wrong_password")).isEqualTo(401);
		}
		for (String name : names) {
			assertThat(status(name, Accounts.PASSWORD)).as(name).isEqualTo(429);
		}
	}

	@Test
	void loginWhenTheUserIdIsRefusedThenItsEmailAnswersAsAnyOtherAddressDoes() {
		String user = Accounts.register(this.client, Accounts.uniqueUserId("linked"));
		String other = Accounts.register(this.client, Accounts.uniqueUserId("other"));
		for (int i = 0; i < 10; i++) {
			assertThat(status(user, "wrong_password")).isEqualTo(401);
		}
		assertThat(status(user, "wrong_password")).isEqualTo(429);
		// a 429 here told an attacker, from the public user_id, which address it has
		assertThat(status(user + "@example.com", "wrong_password")).isEqualTo(401);
		assertThat(status(other + "@example.com", "wrong_password")).isEqualTo(401);
		assertThat(status("nobody_" + user + "@example.com", "wrong_password")).isEqualTo(401);
		// the account itself is still known to the owner by either name
		assertThat(status(user + "@example.com", Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void loginWhenFailuresSpreadOverSpellingsTheDatabaseFoldsThenOneAccountIsCounted() {
		assumeDatabaseFoldsDottedCapitalI();
		String user = Accounts.uniqueUserId("fold");
		String rest = "-" + user + "@example.com";
		register(user, "ii" + rest);
		assertThat(status("İi" + rest, Accounts.PASSWORD)).isEqualTo(200);
		List<String> spellings = List.of("İi" + rest, "iİ" + rest, "İİ" + rest, "ii" + rest);
		for (int i = 0; i < 10; i++) {
			assertThat(status(spellings.get(i % spellings.size()), "wrong_password")).isEqualTo(401);
		}
		for (String spelling : spellings) {
			assertThat(status(spelling, Accounts.PASSWORD)).as(spelling).isEqualTo(429);
		}
		assertThat(status(user, Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void loginWhenUnknownNameSpelledManyWaysThenCountedAsOneWithTheAnswersOfAnAccount() {
		assumeDatabaseFoldsDottedCapitalI();
		String user = Accounts.uniqueUserId("known");
		String known = "-" + user + "@example.com";
		register(user, "ii" + known);
		String unknown = "-nobody_" + user + "@example.com";
		List<String> prefixes = List.of("İi", "iİ", "İİ", "II", "ii");
		for (int i = 0; i < 10; i++) {
			String prefix = prefixes.get(i % prefixes.size());
			EntityExchangeResult<Map> account = login(prefix + known, "wrong_password");
			EntityExchangeResult<Map> nobody = login(prefix + unknown, "wrong_password");
			assertThat(account.getStatus().value()).isEqualTo(401);
			assertThat(nobody.getStatus()).isEqualTo(account.getStatus());
			assertThat(withoutRequestId(nobody.getResponseBody()))
				.isEqualTo(withoutRequestId(account.getResponseBody()));
		}
		EntityExchangeResult<Map> account = login("İi" + known, Accounts.PASSWORD);
		EntityExchangeResult<Map> nobody = login("İi" + unknown, "wrong_password");
		assertThat(account.getStatus().value()).isEqualTo(429);
		assertThat(nobody.getStatus().value()).isEqualTo(429);
		assertThat(withoutDigits(withoutRequestId(nobody.getResponseBody())))
			.isEqualTo(withoutDigits(withoutRequestId(account.getResponseBody())));
	}

	private void assumeDatabaseFoldsDottedCapitalI() {
		assumeTrue("i".equals(this.jdbc.queryForObject("select lower('İ')", String.class)),
				"the database's lower() does not fold İ into i (its LC_CTYPE), so no spelling with İ names "
						+ "an account here");
	}

	private void register(String userId, String email) {
		this.client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", email, "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private int status(String username, String password) {
		return login(username, password).getStatus().value();
	}

	private EntityExchangeResult<Map> login(String username, String password) {
		return this.client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", username, "password", password))
			.exchange()
			.expectBody(Map.class)
			.returnResult();
	}

	private static String withoutDigits(Object body) {
		return String.valueOf(body).replaceAll("[0-9]", "");
	}

}
