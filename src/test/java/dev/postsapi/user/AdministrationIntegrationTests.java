package dev.postsapi.user;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.postsapi.security.LiveSessions;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.AdvisoryLock;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.Gate;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.PostsApi;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.StatementCounter;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles, administration and account deletion on two instances sharing one database, the
 * first admin made by the bootstrap settings: what one instance changes, the other
 * enforces on the very next request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdministrationIntegrationTests {

	static final String ADMIN = "root_admin";

	static final String ADMIN_PASSWORD = "admin_password";

	static TestSchema schema;

	static RunningInstance first;

	static RunningInstance second;

	static String admin;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		String[] bootstrap = { "auth.bootstrap-admin.user-id=" + ADMIN, "auth.bootstrap-admin.email=root@example.com",
				"auth.bootstrap-admin.password=" + ADMIN_PASSWORD };
		first = RunningInstance.start(schema,
				new Class<?>[] { StatementCounter.Configuration.class, HeldRoleChecks.class }, bootstrap);
		second = RunningInstance.start(schema, bootstrap);
		admin = Accounts.login(first.client(), ADMIN, ADMIN_PASSWORD);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		schema.close();
	}

	@Test
	void bootstrapAdminThenRolesInProfileAndToken() {
		Map<?, ?> me = get(second.client(), "/users/me", admin).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(me.get("roles")).isEqualTo(List.of("user", "admin"));
		// the operator vouches for the bootstrap admin's address
		assertThat(me.get("email_verified")).isEqualTo(true);
		assertThat(claims(admin)).contains("\"roles\":[\"user\",\"admin\"]");

		String user = Accounts.uniqueUserId("plain");
		String token = Accounts.registerAndLogin(first.client(), user);
		assertThat(claims(token)).contains("\"roles\":[\"user\"]");
		get(first.client(), "/users/me", token).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles")
			.isEqualTo(List.of("user"));
	}

	@Test
	void adminRoutesWhenNotAnAdminThen403AndWithoutATokenThen401() {
		String user = Accounts.uniqueUserId("nosy");
		String token = Accounts.registerAndLogin(first.client(), user);
		String moderator = Accounts.uniqueUserId("mod");
		Accounts.register(first.client(), moderator);
		patch(first.client(), moderator, admin, "{\"roles\": [\"user\", \"moderator\"]}").expectStatus().isOk();
		String moderatorToken = Accounts.login(first.client(), moderator, Accounts.PASSWORD);

		for (String caller : new String[] { token, moderatorToken }) {
			get(second.client(), "/admin/users", caller).expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				// RFC 6750's challenge, which Spring writes only for its own token types
				.expectHeader()
				.value("WWW-Authenticate",
						(header) -> assertThat(header).startsWith("Bearer ").contains("error=\"insufficient_scope\""));
			patch(second.client(), user, caller, "{\"roles\": [\"user\", \"admin\"]}").expectStatus().isForbidden();
			send(second.client(), HttpMethod.DELETE, "/admin/users/" + ADMIN, caller, null).expectStatus()
				.isForbidden();
		}
		second.client().get().uri("/admin/users").exchange().expectStatus().isUnauthorized();
		// nothing changed
		get(first.client(), "/users/me", token).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles")
			.isEqualTo(List.of("user"));
	}

	@Test
	void listUsersThenAdminsSeeAccountsAndSearchIgnoresCase() {
		String user = Accounts.register(first.client(), Accounts.uniqueUserId("Findable"));
		List<?> found = get(first.client(), "/admin/users?search=" + user.toUpperCase(Locale.ROOT) + "&limit=5", admin)
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		assertThat(found).hasSize(1);
		Map<?, ?> account = (Map<?, ?>) found.get(0);
		assertThat(account.keySet().stream().map(String::valueOf).toList()).containsExactlyInAnyOrder("user_id",
				"email", "created_at", "roles", "disabled", "email_verified");
		assertThat(account.get("user_id")).isEqualTo(user);
		assertThat(account.get("email")).isEqualTo(user + "@example.com");
		assertThat(account.get("roles")).isEqualTo(List.of("user"));
		assertThat(account.get("disabled")).isEqualTo(false);
		// by e-mail too, and a wildcard is literal
		get(first.client(), "/admin/users?search=" + user.toLowerCase(Locale.ROOT) + "@EXAMPLE", admin).expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1);
		get(first.client(), "/admin/users?search=%25", admin).expectBody().jsonPath("$.length()").isEqualTo(0);
		// given twice, not read as the two joined by a comma
		for (String twice : List.of("/admin/users?search=" + user + "&search=x",
				"/admin/security-events?user_id=" + user + "&user_id=x",
				"/admin/security-events?type=logout&type=login_succeeded")) {
			get(first.client(), twice, admin).expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.errors[0].message")
				.isEqualTo("must be given once");
		}
	}

	@Test
	void adminListThenOneStatementForTheSessionAndRolesAndOneForThePage() {
		StatementCounter statements = first.context().getBean(StatementCounter.class);
		statements.reset();
		get(first.client(), "/admin/users?limit=2", admin).expectStatus().isOk();
		assertThat(statements.count()).isEqualTo(2);
	}

	@Test
	void disableOnOneInstanceThenTheLiveTokenIs401OnTheOtherAtOnce() {
		String user = Accounts.register(first.client(), Accounts.uniqueUserId("abuser"));
		Tokens tokens = Accounts.loginForTokens(second.client(), user, Accounts.PASSWORD);
		assertThat(Accounts.meStatus(second.client(), tokens)).isEqualTo(200);

		patch(first.client(), user, admin, "{\"disabled\": true}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.disabled")
			.isEqualTo(true);

		assertThat(Accounts.meStatus(second.client(), tokens)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(second.client(), tokens.refreshToken())).isEqualTo(401);
		loginStatusAndDetail(second.client(), user, Accounts.PASSWORD, 403, "Account disabled");
		loginStatusAndDetail(second.client(), user, "wrong_password", 401, "Invalid credentials");
		// who still knows the password of a disabled account is seen trying it
		assertThat(first.context()
			.getBean(JdbcTemplate.class)
			.queryForObject("select count(*) from security_events where user_id = ? and type = 'login_failed'",
					Integer.class, user))
			.isEqualTo(2);

		patch(second.client(), user, admin, "{\"disabled\": false}").expectStatus().isOk();
		assertThat(Accounts.loginStatus(first.client(), user, Accounts.PASSWORD)).isEqualTo(200);
		// the sessions ended by the disabling stay ended
		assertThat(Accounts.meStatus(first.client(), tokens)).isEqualTo(401);
	}

	/**
	 * What an admin did is in the account's events; from where, admins see, the account's
	 * owner does not: the address and user agent are the admin's.
	 */
	@Test
	void adminChangesThenTheAccountsEventsSayWhatChangedAndOnlyAdminsFromWhere(CapturedOutput output) {
		String user = Accounts.register(first.client(), Accounts.uniqueUserId("watched"));
		Tokens tokens = Accounts.loginForTokens(first.client(), user, Accounts.PASSWORD);
		patch(first.client(), user, admin, "{\"disabled\": true}").expectStatus().isOk();
		patch(first.client(), user, admin, "{\"disabled\": false, \"roles\": [\"moderator\"]}").expectStatus().isOk();
		// nothing changes: nothing recorded
		patch(first.client(), user, admin, "{\"roles\": [\"user\", \"moderator\"]}").expectStatus().isOk();
		// the events do not name the admin; the log does, once per change
		String changed = "Admin " + ADMIN + " changed the account " + user + ": ";
		assertThat(output.getOut()
			.lines()
			.filter(line -> line.contains(changed))
			.map(line -> line.substring(line.indexOf(changed) + changed.length())))
			.containsExactly("disabled true, roles [user]", "disabled false, roles [user, moderator]");

		List<?> events = events("/admin/security-events?user_id=" + user, admin);
		assertThat(events.stream().map((event) -> String.valueOf(((Map<?, ?>) event).get("type"))).toList())
			.containsExactly("roles_changed", "account_enabled", "session_revoked", "account_disabled",
					"login_succeeded");
		assertThat(((Map<?, ?>) events.get(2)).get("session_id")).isEqualTo(sessionId(tokens.accessToken()));
		// the owner's view, after a login of their own
		List<?> owners = events("/users/me/security-events", Accounts.login(first.client(), user, Accounts.PASSWORD));
		assertThat(owners).hasSize(6);
		for (int i = 0; i < 5; i++) {
			Map<?, ?> inAdminsView = (Map<?, ?>) events.get(i);
			Map<?, ?> inOwnersView = (Map<?, ?>) owners.get(i + 1);
			assertThat(inOwnersView.get("type")).isEqualTo(inAdminsView.get("type"));
			assertThat(inAdminsView.get("ip_address")).isEqualTo("127.0.0.1");
			assertThat(inAdminsView.get("user_agent")).isNotNull();
			boolean byTheAdmin = i < 4;
			assertThat(inOwnersView.containsKey("ip_address") && inOwnersView.containsKey("user_agent")).isTrue();
			assertThat(inOwnersView.get("ip_address")).as("address of %s", inOwnersView)
				.isEqualTo(byTheAdmin ? null : "127.0.0.1");
			assertThat(inOwnersView.get("user_agent")).as("user agent of %s", inOwnersView)
				.isEqualTo(byTheAdmin ? null : inAdminsView.get("user_agent"));
		}
	}

	private static List<?> events(String uri, String accessToken) {
		return first.client()
			.get()
			.uri(uri)
			.header("Authorization", "Bearer " + accessToken)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void moderatorThenDeletesAnyPostButUpdatesOnlyOwnAndDemotionEndsSessions() {
		String author = Accounts.uniqueUserId("author");
		String authorToken = Accounts.registerAndLogin(first.client(), author);
		int post = PostsApi.create(first.client(), authorToken, "spam");
		int other = PostsApi.create(first.client(), authorToken, "more spam");
		String moderator = Accounts.register(first.client(), Accounts.uniqueUserId("mod"));
		String before = Accounts.login(first.client(), moderator, Accounts.PASSWORD);
		send(second.client(), HttpMethod.DELETE, "/posts/" + post, before, null).expectStatus().isForbidden();

		patch(first.client(), moderator, admin, "{\"roles\": [\"moderator\"]}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles")
			.isEqualTo(List.of("user", "moderator"));
		// a promotion holds at once, for the token issued before it too
		send(second.client(), HttpMethod.DELETE, "/posts/" + post, before, null).expectStatus().isNoContent();
		send(second.client(), HttpMethod.PUT, "/posts/" + other, before, "{\"post_data\": \"edited\"}").expectStatus()
			.isForbidden();
		send(second.client(), HttpMethod.DELETE, "/posts/" + post, before, null).expectStatus().isNotFound();

		patch(first.client(), moderator, admin, "{\"roles\": [\"user\"]}").expectStatus().isOk();
		get(second.client(), "/users/me", before).expectStatus().isUnauthorized();
		String after = Accounts.login(second.client(), moderator, Accounts.PASSWORD);
		send(second.client(), HttpMethod.DELETE, "/posts/" + other, after, null).expectStatus().isForbidden();
	}

	@Test
	void moderatorDeletingAnotherUsersPostWhenDemotedWhileTheRequestWaitsThen401AndThePostStays() throws Exception {
		String author = Accounts.uniqueUserId("author");
		String authorToken = Accounts.registerAndLogin(first.client(), author);
		int post = PostsApi.create(first.client(), authorToken, "spam");
		String moderator = Accounts.register(first.client(), Accounts.uniqueUserId("mod"));
		patch(first.client(), moderator, admin, "{\"roles\": [\"moderator\"]}").expectStatus().isOk();
		String token = Accounts.login(first.client(), moderator, Accounts.PASSWORD);

		// past the request's own check of the token and its roles, held before the post
		// is deleted, while an admin demotes the moderator on the other instance
		CompletableFuture<Integer> delete = HeldRoleChecks.GATE
			.hold(() -> status(send(first.client(), HttpMethod.DELETE, "/posts/" + post, token, null)));
		try {
			patch(second.client(), moderator, admin, "{\"roles\": [\"user\"]}").expectStatus().isOk();
		}
		finally {
			HeldRoleChecks.GATE.open();
		}

		// the demotion ended the moderator's sessions: the 401 the token now gets
		assertThat(delete.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(schema.count("select count(*) from posts where post_id = " + post)).isOne();
	}

	@Test
	void adminWhenDisablingDemotingOrDeletingThemselfThen409() {
		patch(first.client(), ADMIN, admin, "{\"disabled\": true}").expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		patch(first.client(), ADMIN, admin, "{\"roles\": [\"user\", \"moderator\"]}").expectStatus().isEqualTo(409);
		send(first.client(), HttpMethod.DELETE, "/admin/users/" + ADMIN, admin, null).expectStatus().isEqualTo(409);
		// a change that takes nothing away is fine
		patch(first.client(), ADMIN, admin, "{\"roles\": [\"admin\"], \"disabled\": false}").expectStatus().isOk();
		get(first.client(), "/users/me", admin).expectBody().jsonPath("$.roles").isEqualTo(List.of("user", "admin"));
	}

	@Test
	void adminWhenAnotherAdminExistsThenStillCannotDisableOrDemoteThemself() {
		// with another admin, the last-admin rule would let these through
		String other = Accounts.register(first.client(), Accounts.uniqueUserId("adm"));
		patch(first.client(), other, admin, "{\"roles\": [\"admin\"]}").expectStatus().isOk();
		try {
			for (String change : List.of("{\"disabled\": true}", "{\"roles\": [\"user\"]}")) {
				patch(first.client(), ADMIN, admin, change).expectStatus()
					.isEqualTo(409)
					.expectBody()
					.jsonPath("$.detail")
					.isEqualTo("Admins cannot disable or demote themselves; another admin can");
			}
			get(first.client(), "/users/me", admin).expectBody()
				.jsonPath("$.roles")
				.isEqualTo(List.of("user", "admin"));
		}
		finally {
			// the other tests count on one admin
			send(first.client(), HttpMethod.DELETE, "/admin/users/" + other, admin, null).expectStatus().isNoContent();
		}
	}

	@Test
	void accountDisabledOutsideTheApiThenItsLiveTokenIs401() {
		// as by hand in SQL, or a restore: no session was ended, the token's check alone
		String user = Accounts.uniqueUserId("sqloff");
		String token = Accounts.registerAndLogin(first.client(), user);
		get(first.client(), "/users/me", token).expectStatus().isOk();
		first.context().getBean(JdbcTemplate.class).update("update users set disabled = true where user_id = ?", user);
		get(second.client(), "/users/me", token).expectStatus().isUnauthorized();
	}

	@Test
	void twoAdminsDemotingEachOtherAtOnceThenOneAdminRemains() throws Exception {
		String one = Accounts.register(first.client(), Accounts.uniqueUserId("adm"));
		String two = Accounts.register(first.client(), Accounts.uniqueUserId("adm"));
		patch(first.client(), one, admin, "{\"roles\": [\"admin\"]}").expectStatus().isOk();
		patch(first.client(), two, admin, "{\"roles\": [\"admin\"]}").expectStatus().isOk();
		// the bootstrap admin steps aside, so these two are the only ones
		String oneToken = Accounts.login(first.client(), one, Accounts.PASSWORD);
		patch(first.client(), ADMIN, oneToken, "{\"disabled\": true}").expectStatus().isOk();
		String twoToken = Accounts.login(second.client(), two, Accounts.PASSWORD);
		try {
			List<Integer> statuses = Concurrently.run(2,
					(i) -> patch((i == 0) ? first.client() : second.client(), (i == 0) ? two : one,
							(i == 0) ? oneToken : twoToken, "{\"roles\": [\"user\"]}")
						.returnResult()
						.getStatus()
						.value());
			// the loser is refused: its session ended by the winner's demotion (401), or
			// no longer an admin (403)
			assertThat(statuses).containsOnlyOnce(200);
			assertThat(statuses).filteredOn((status) -> status != 200).singleElement().isIn(401, 403);
			assertThat(schema.count("select count(*) from users where 'admin' = any(roles) and not disabled"))
				.isEqualTo(1);
		}
		finally {
			String remaining = (schema
				.count("select count(*) from users where user_id = '" + one + "' and 'admin' = any(roles)") == 1)
						? oneToken : twoToken;
			patch(first.client(), ADMIN, remaining, "{\"disabled\": false}").expectStatus().isOk();
			admin = Accounts.login(first.client(), ADMIN, ADMIN_PASSWORD);
		}
	}

	@Test
	void adminRequestsWaitingBehindTheirAdminsDisablingThen401AndChangeNothing() throws Exception {
		String rogue = Accounts.register(first.client(), Accounts.uniqueUserId("rogue"));
		String bystander = Accounts.register(first.client(), Accounts.uniqueUserId("bystander"));
		patch(first.client(), rogue, admin, "{\"roles\": [\"admin\"]}").expectStatus().isOk();
		String rogueToken = Accounts.login(second.client(), rogue, Accounts.PASSWORD);
		CompletableFuture<Integer> disable;
		CompletableFuture<Integer> reEnable;
		CompletableFuture<Integer> delete;
		try (AdvisoryLock changes = AdvisoryLock.take(schema, AdvisoryLock.ACCOUNT_CHANGES)) {
			// every admin change waits here: the disabling is let in first, then the
			// rogue's two requests, already past the admin check of the security chain
			disable = CompletableFuture
				.supplyAsync(() -> status(patch(first.client(), rogue, admin, "{\"disabled\": true}")));
			changes.awaitWaiting(1);
			reEnable = CompletableFuture.supplyAsync(() -> status(patch(second.client(), rogue, rogueToken,
					"{\"disabled\": false, \"roles\": [\"user\", \"admin\"]}")));
			changes.awaitWaiting(2);
			delete = CompletableFuture.supplyAsync(() -> status(
					send(second.client(), HttpMethod.DELETE, "/admin/users/" + bystander, rogueToken, null)));
			changes.awaitWaiting(3);
		}
		assertThat(disable.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		// disabling ended the rogue's sessions: its waiting requests are as its token now
		assertThat(reEnable.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(delete.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(schema.count("select count(*) from users where user_id = '" + rogue + "' and disabled"))
			.isEqualTo(1);
		assertThat(schema.count("select count(*) from users where user_id = '" + bystander + "'")).isEqualTo(1);
	}

	@Test
	void badChangesThen422NamingTheFieldAndUnknownUser404() {
		String user = Accounts.register(first.client(), Accounts.uniqueUserId("target"));
		// each field optional: nothing to change, the account as listed, and no event
		patch(first.client(), user, admin, "{}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(user)
			.jsonPath("$.disabled")
			.isEqualTo(false)
			.jsonPath("$.roles")
			.isEqualTo(List.of("user"));
		assertThat(schema.count("select count(*) from security_events where user_id = '" + user + "'")).isZero();
		assertErrors(patch(first.client(), user, admin, "{\"roles\": [\"root\"]}"), "roles[0]");
		// a JSON type error names an element as Bean Validation does
		assertErrors(patch(first.client(), user, admin, "{\"roles\": [\"user\", 1]}"), "roles[1]");
		assertErrors(patch(first.client(), user, admin, "{\"roles\": [\"moderator\", \"moderator\"]}"), "roles");
		assertErrors(patch(first.client(), user, admin, "{\"roles\": \"admin\"}"), "roles");
		// taken as typed, never converted: 1 or "true" disables no account
		for (String disabled : List.of("\"yes\"", "\"true\"", "\"\"", "1", "1.0")) {
			assertErrors(patch(first.client(), user, admin, "{\"disabled\": " + disabled + "}"), "disabled");
		}
		assertThat(schema.count("select count(*) from users where user_id = '" + user + "' and disabled")).isZero();
		assertErrors(get(first.client(), "/admin/users?limit=0", admin), "limit");
		// unknown, whether or not registration would take the user_id (API.md)
		patch(first.client(), "bad!name", admin, "{\"disabled\": true}").expectStatus().isNotFound();
		send(first.client(), HttpMethod.DELETE, "/admin/users/x", admin, null).expectStatus().isNotFound();
		patch(first.client(), "nobody_here", admin, "{\"disabled\": true}").expectStatus().isNotFound();
		send(first.client(), HttpMethod.DELETE, "/admin/users/nobody_here", admin, null).expectStatus().isNotFound();
		get(first.client(), "/admin/users?search=" + user, admin).expectBody()
			.jsonPath("$[0].roles")
			.isEqualTo(List.of("user"))
			.jsonPath("$[0].disabled")
			.isEqualTo(false);
	}

	@Test
	void changeAndDeleteWhenAnAdoptedAccountsUserIdIsOneRegistrationRefusesThenDone() {
		// the original took any text as a user_id
		JdbcTemplate jdbc = first.context().getBean(JdbcTemplate.class);
		for (String adopted : List.of("with space " + Accounts.uniqueUserId(""),
				Accounts.uniqueUserId("") + "@example.com", "Ünïcødé " + Accounts.uniqueUserId(""))) {
			jdbc.update("insert into users (user_id, email, password) values (?, ?, 'x')", adopted,
					Accounts.uniqueUserId("adopted") + "@example.com");
			first.client()
				.patch()
				.uri("/admin/users/{user_id}", adopted)
				.header("Authorization", "Bearer " + admin)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"disabled\": true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.user_id")
				.isEqualTo(adopted)
				.jsonPath("$.disabled")
				.isEqualTo(true);
			second.client()
				.delete()
				.uri("/admin/users/{user_id}", adopted)
				.header("Authorization", "Bearer " + admin)
				.exchange()
				.expectStatus()
				.isNoContent();
			assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, adopted))
				.isZero();
		}
	}

	@Test
	void deleteByAdminThenPostsVotesAndVotesOnItsPostsGoTokensFailAndTheNamesAreFree(CapturedOutput output) {
		String doomed = Accounts.uniqueUserId("doomed");
		Tokens doomedTokens = registerAndLoginForTokens(doomed);
		String bystander = Accounts.uniqueUserId("bystander");
		String bystanderToken = Accounts.registerAndLogin(first.client(), bystander);
		int doomedPost = PostsApi.create(first.client(), doomedTokens.accessToken(), "mine");
		PostsApi.create(first.client(), doomedTokens.accessToken(), "mine too");
		int bystanderPost = PostsApi.create(first.client(), bystanderToken, "theirs");
		assertThat(PostsApi.vote(first.client(), doomedTokens.accessToken(), bystanderPost, 1)).isEqualTo(201);
		assertThat(PostsApi.vote(first.client(), bystanderToken, doomedPost, 1)).isEqualTo(201);

		// as a generated Java client asks: problem details alone, where a success has no
		// body
		first.client()
			.delete()
			.uri("/admin/users/" + doomed)
			.header("Authorization", "Bearer " + admin)
			.header("Accept", MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.exchange()
			.expectStatus()
			.isNoContent();
		// its events went with it; the log keeps who deleted it
		assertThat(output).contains("Admin " + ADMIN + " deleted the account " + doomed);

		assertThat(schema.count("select count(*) from users where user_id = '" + doomed + "'")).isZero();
		assertThat(schema.count("select count(*) from posts where user_id = '" + doomed + "'")).isZero();
		assertThat(schema.count("select count(*) from votes where user_id = '" + doomed + "'")).isZero();
		assertThat(schema.count("select count(*) from votes where post_id = " + doomedPost)).isZero();
		assertThat(schema.count("select count(*) from sessions where user_id = '" + doomed + "'")).isZero();
		assertThat(schema.count("select count(*) from posts where post_id = " + bystanderPost)).isOne();
		assertThat(Accounts.meStatus(second.client(), doomedTokens)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(second.client(), doomedTokens.refreshToken())).isEqualTo(401);

		Tokens again = registerAndLoginForTokens(doomed);
		assertThat(Accounts.meStatus(second.client(), again)).isEqualTo(200);
		assertThat(Accounts.meStatus(second.client(), doomedTokens)).isEqualTo(401);
	}

	@Test
	void deleteOwnAccountThenNeedsThePasswordAndEndsEverySessionOnEveryInstance(CapturedOutput output) {
		String user = Accounts.uniqueUserId("leaving");
		Tokens tokens = registerAndLoginForTokens(user);
		Tokens elsewhere = Accounts.loginForTokens(second.client(), user, Accounts.PASSWORD);
		PostsApi.create(first.client(), tokens.accessToken(), "goodbye");

		send(first.client(), HttpMethod.DELETE, "/users/me", tokens.accessToken(), "{\"password\": \"wrong_pass\"}")
			.expectStatus()
			.isForbidden();
		assertErrors(send(first.client(), HttpMethod.DELETE, "/users/me", tokens.accessToken(), "{}"), "password");
		assertThat(Accounts.meStatus(second.client(), elsewhere)).isEqualTo(200);
		assertThat(output).doesNotContain("The account " + user + " was deleted");

		send(first.client(), HttpMethod.DELETE, "/users/me/", tokens.accessToken(),
				"{\"password\": \"" + Accounts.PASSWORD + "\"}")
			.expectStatus()
			.isNoContent();
		// its events went with it; the log keeps that it was deleted
		assertThat(output).contains("The account " + user + " was deleted by its owner");

		assertThat(Accounts.meStatus(second.client(), elsewhere)).isEqualTo(401);
		assertThat(Accounts.meStatus(first.client(), tokens)).isEqualTo(401);
		assertThat(schema.count("select count(*) from posts where user_id = '" + user + "'")).isZero();
		assertThat(Accounts.loginStatus(second.client(), user, Accounts.PASSWORD)).isEqualTo(401);
		registerAndLoginForTokens(user);
	}

	private static Tokens registerAndLoginForTokens(String user) {
		Accounts.register(first.client(), user);
		return Accounts.loginForTokens(first.client(), user, Accounts.PASSWORD);
	}

	/** Holds a request about to check its roles again, under the account's lock. */
	@TestConfiguration(proxyBeanMethods = false)
	static class HeldRoleChecks {

		static final Gate GATE = new Gate();

		@Bean
		static BeanPostProcessor heldRoleChecks() {
			return GATE.before(LiveSessions.class::isInstance,
					(call) -> call.getMethod().getName().equals("holdRolesIfLive"));
		}

	}

	private static RestTestClient.ResponseSpec get(RestTestClient client, String path, String token) {
		return client.get().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

	private static RestTestClient.ResponseSpec patch(RestTestClient client, String userId, String token, String body) {
		return send(client, HttpMethod.PATCH, "/admin/users/" + userId, token, body);
	}

	private static RestTestClient.ResponseSpec send(RestTestClient client, HttpMethod method, String path, String token,
			String body) {
		RestTestClient.RequestBodySpec request = client.method(method)
			.uri(path)
			.header("Authorization", "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange();
	}

	private static void loginStatusAndDetail(RestTestClient client, String user, String password, int status,
			String detail) {
		client.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(Accounts.form("username", user, "password", password))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(detail);
	}

	private static void assertErrors(RestTestClient.ResponseSpec response, String... fields) {
		Map<?, ?> problem = response.expectStatus()
			.isEqualTo(422)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<?> errors = (List<?>) problem.get("errors");
		assertThat(errors.stream().map((error) -> String.valueOf(((Map<?, ?>) error).get("field"))).distinct().toList())
			.as("%s", problem)
			.containsExactly(fields);
	}

	private static String sessionId(String token) {
		String claims = claims(token);
		return claims.replaceFirst(".*\"sid\":\"([^\"]+)\".*", "$1");
	}

	private static String claims(String token) {
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

	private static int status(RestTestClient.ResponseSpec response) {
		return response.returnResult().getStatus().value();
	}

}
