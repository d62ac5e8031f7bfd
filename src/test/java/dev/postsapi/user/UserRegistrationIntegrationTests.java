package dev.postsapi.user;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class UserRegistrationIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void registerWhenValidThen201WithLocationAndNoPassword() {
		String userId = Accounts.uniqueUserId("alice");
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@Example.com", "password", "strong_password",
					"unknown_field", "ignored"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Location", "/users/" + userId)
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(userId)
			.jsonPath("$.email")
			.isEqualTo(userId + "@Example.com")
			.jsonPath("$.created_at")
			.value(createdAt -> assertThat(createdAt.toString()).endsWith("Z"))
			.jsonPath("$.password")
			.doesNotExist();
		String stored = jdbc.queryForObject("select password from users where user_id = ?", String.class, userId);
		assertThat(stored).startsWith("$2y$").doesNotContain("strong_password");
	}

	@Test
	void registerWhenTrailingSlashThenSameAnswer() {
		String userId = Accounts.uniqueUserId("slash");
		client.post()
			.uri("/users/")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", "strong_password"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Location", "/users/" + userId);
	}

	@Test
	void registerWhenUserIdTakenThen409NamingIt() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("taken"));
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", "other_" + userId + "@example.com", "password", "other_password"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat(detail.toString()).contains("user_id"))
			.jsonPath("$.type")
			.isEqualTo("about:blank")
			.jsonPath("$.instance")
			.isEqualTo("/users");
		// the first account is untouched: a taken id is never merged over
		assertThat(Accounts.login(client, userId, Accounts.PASSWORD)).isNotBlank();
	}

	@Test
	void registerWhenUserIdTakenInAnotherCaseThen409NamingIt() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("admin"));
		String impostor = userId.toUpperCase(Locale.ROOT);
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", impostor, "email", "x" + userId + "@example.com", "password", "other_password"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat(detail.toString()).contains("user_id"));
		assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, impostor))
			.isZero();
	}

	@Test
	void registerWhenConcurrentWithOneUserIdInTwoCasesThenExactlyOneWins() throws Exception {
		String userId = Accounts.uniqueUserId("twin");
		int attempts = 8;
		List<Integer> statuses = Concurrently.run(attempts,
				i -> registrationStatus((i % 2 == 0) ? userId : userId.toUpperCase(Locale.ROOT),
						userId + "_" + i + "@example.com"));
		assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(attempts - 1);
		assertThat(jdbc.queryForObject("select count(*) from users where lower(user_id) = lower(?)", Integer.class,
				userId))
			.isOne();
	}

	@Test
	void registerWhenEmailTakenInAnotherCaseThen409NamingIt() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("mail"));
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", "x" + userId, "email", userId.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM", "password",
					"strong_password"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat(detail.toString()).contains("email"));
	}

	@Test
	void registerWhenUserIdOrEmailTakenThenNeitherIsLogged(CapturedOutput output) {
		String userId = Accounts.register(client, Accounts.uniqueUserId("quiet"));
		for (Map<String, String> taken : List.of(
				Map.of("user_id", userId, "email", "x" + userId + "@example.com", "password", "strong_password"),
				Map.of("user_id", "x" + userId, "email", userId + "@example.com", "password", "strong_password"))) {
			client.post()
				.uri("/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body(taken)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONFLICT);
		}
		// Hibernate logged the database's error at WARN for anyone who asked, with the
		// row's values: Key (lower(email::text))=(...) already exists
		assertThat(output).doesNotContain("violates unique constraint").doesNotContain("Key (");
	}

	@Test
	void registerWhenFieldsInvalidThen422ListingEachField() {
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", "a!", "email", "not-an-email", "password", "short"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(422)
			.jsonPath("$.errors[*].field")
			.value(fields -> assertThat((List<?>) fields).map(Object::toString)
				.containsExactlyInAnyOrder("email", "password", "user_id"));
	}

	/**
	 * Addresses the e-mail check alone takes but JavaMail refuses to send to: their mails
	 * would fail at every retry.
	 */
	@Test
	void registerWhenAddressNoMailCanBeSentToThen422AndNothingStored() {
		// the last two: ASCII only (no SMTPUTF8 here, and an internationalised domain in
		// the form the client chose)
		for (String email : List.of("a@bad_domain.com", "a@exa{mple.com", "a@example.com=", "jürgen@example.com",
				"x@straße.de")) {
			String userId = Accounts.uniqueUserId("unsendable");
			register(userId, email).expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[*].field")
				.value(fields -> assertThat((List<?>) fields).as(email).map(Object::toString).containsExactly("email"));
			assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId))
				.isZero();
		}
		// and the usual shapes, an internationalised domain in its ASCII form among them,
		// still register
		for (String shape : List.of("%s+tag@example.com", "o'%s@sub.example.co.uk", "%s@xn--bcher-kva.example")) {
			String userId = Accounts.uniqueUserId("sendable");
			register(userId, shape.formatted(userId)).expectStatus().isCreated();
		}
	}

	private RestTestClient.ResponseSpec register(String userId, String email) {
		return client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", email, "password", "strong_password"))
			.exchange();
	}

	@Test
	void registerWhenFieldsMissingThen422InEnglishWhateverLanguageIsAskedFor() {
		for (String language : List.of("de", "zh-CN", "tr")) {
			client.post()
				.uri("/users")
				.header("Accept-Language", language)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"email\": \"x@example.com\", \"password\": \"strong_password\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("user_id")
				.jsonPath("$.errors[0].message")
				.isEqualTo("must not be null");
		}
	}

	@Test
	void registerWhenFieldsMissingThen422() {
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(fields -> assertThat((List<?>) fields).map(Object::toString)
				.containsExactlyInAnyOrder("email", "password", "user_id"));
	}

	@Test
	void registerWhenPasswordOver72BytesThen422NotTruncated() {
		// 25 three-byte characters: 75 bytes, though only 25 characters
		String password = "€".repeat(25);
		String userId = Accounts.uniqueUserId("long");
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", password))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");
		assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId)).isZero();
	}

	@Test
	void registerWhenPasswordExactly72BytesThen201() {
		String userId = Accounts.uniqueUserId("max");
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", "p".repeat(72)))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(Accounts.login(client, userId, "p".repeat(72))).isNotBlank();
	}

	@Test
	void registerWithAPasswordDecomposedThenItLogsInComposedAndAsTyped() {
		String userId = Accounts.uniqueUserId("nfd");
		// 36 e's with a combining accent: 108 bytes as typed, 72 in NFC (36 × é)
		String decomposed = "e\u0301".repeat(36);
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", userId + "@example.com", "password", decomposed))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(Accounts.loginStatus(client, userId, "\u00e9".repeat(36))).isEqualTo(200);
		assertThat(Accounts.loginStatus(client, userId, decomposed)).isEqualTo(200);
		assertThat(Accounts.loginStatus(client, userId, "e".repeat(36))).isEqualTo(401);
	}

	@Test
	void registerWhenFieldHasWrongTypeThen422() {
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"user_id\": [\"x\"], \"email\": \"a@example.com\", \"password\": \"strong_password\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("user_id");
	}

	@Test
	void registerWhenJsonMalformedThen400() {
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"user_id\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The request body is missing or is not valid JSON");
	}

	@Test
	void registerWhenNotJsonThen415() {
		client.post()
			.uri("/users")
			.contentType(MediaType.TEXT_PLAIN)
			.body("user_id=alice")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void registerWhenConcurrentWithSameUserIdThenExactlyOneWins() throws Exception {
		String userId = Accounts.uniqueUserId("race");
		int attempts = 12;
		List<Integer> statuses = Concurrently.run(attempts,
				i -> registrationStatus(userId, userId + "_" + i + "@example.com"));
		assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(attempts - 1);
		assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId)).isOne();
	}

	private int registrationStatus(String userId, String email) {
		return client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("user_id", userId, "email", email, "password", "strong_password"))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
