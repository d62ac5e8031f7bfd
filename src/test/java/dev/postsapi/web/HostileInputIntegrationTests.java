package dev.postsapi.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile but ordinary input, one test per case that once answered 500 or the wrong 4xx:
 * each is now a clear 4xx naming what was wrong (or, where the input is fine, the success
 * it deserves), and nothing is stored from a refused request.
 */
@IntegrationTest
class HostileInputIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	String user;

	String token;

	@BeforeEach
	void aUser() {
		this.user = Accounts.uniqueUserId("hostile");
		this.token = Accounts.registerAndLogin(this.client, this.user);
	}

	@Test
	void createPostWhenPostDataHasANulCharacterThen422NamingIt() {
		assertInvalid(createPost("{\"post_data\": \"a\\u0000b\"}"), "post_data",
				"must not contain NUL characters or unpaired surrogates");
		assertThat(posts()).isZero();
	}

	@Test
	void createPostWhenPostDataHasAnUnpairedSurrogateThen422NamingIt() {
		assertInvalid(createPost("{\"post_data\": \"a\\ud800b\"}"), "post_data",
				"must not contain NUL characters or unpaired surrogates");
		assertInvalid(createPost("{\"post_data\": \"\\udc00\"}"), "post_data",
				"must not contain NUL characters or unpaired surrogates");
		assertThat(posts()).isZero();
	}

	@Test
	void listPostsWhenSearchHasANulCharacterThen422NamingIt() {
		for (String listing : List.of("/posts/all", "/posts/feed")) {
			// the template encodes the NUL as %00, as a browser or curl would send it
			assertInvalid(this.client.get()
				.uri(listing + "?search={search}", "a\0b")
				.header("Authorization", "Bearer " + this.token)
				.exchange(), "search", "must not contain NUL characters or unpaired surrogates");
		}
	}

	@Test
	void readPostWhenIdIsNotPlainDecimalDigitsThen422() {
		int postId = PostsApi.create(this.client, this.token, "Hi");
		String hex = "0x" + Integer.toHexString(postId), arabicIndic = URLEncoder.encode(
				String.valueOf(postId).chars().mapToObj(d -> Character.toString('\u0660' + d - '0')).collect(joining()),
				StandardCharsets.UTF_8);
		// each of these was read as the post: hex, a sign, spaces, Arabic-Indic digits
		for (String id : List.of(hex, "%23" + postId, "+" + postId, "%2B" + postId, "%20" + postId, postId + "%20",
				postId + "%C2%A0", arabicIndic)) {
			assertInvalid(this.client.get()
				.uri(URI.create("/posts/" + id))
				.header("Authorization", "Bearer " + this.token)
				.exchange(), "post_id", "must be a valid int");
		}
		assertInvalid(this.client.get()
			.uri(URI.create("/posts/feed?limit=0x10"))
			.header("Authorization", "Bearer " + this.token)
			.exchange(), "limit", "must be a valid int");
		// given twice, a number or a text (which Spring would join by a comma: a search
		// for
		// "qq,zz", which neither asked for)
		for (String query : List.of("/posts/feed?limit=5&limit=6", "/posts/all?search=qq&search=zz",
				"/posts/feed?search=qq&search=zz", "/posts/feed?search=qq&limit=5&search=")) {
			assertInvalid(
					this.client.get().uri(URI.create(query)).header("Authorization", "Bearer " + this.token).exchange(),
					query.contains("limit=6") ? "limit" : "search", "must be given once");
		}
		assertInvalid(this.client.get()
			.uri(URI.create("/users/me/security-events?limit=5&limit=6"))
			.header("Authorization", "Bearer " + this.token)
			.exchange(), "limit", "must be given once");
		// plain digits, leading zeros too, as the original read them
		this.client.get()
			.uri(URI.create("/posts/00" + postId))
			.header("Authorization", "Bearer " + this.token)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void registerWhenAFieldHasANulCharacterThen422NamingItAndNothingStored() {
		String id = Accounts.uniqueUserId("nul");
		for (Map<String, String> body : List.of(
				Map.of("user_id", id + "\0", "email", id + "@example.com", "password", Accounts.PASSWORD),
				Map.of("user_id", id, "email", id + "\0@example.com", "password", Accounts.PASSWORD),
				Map.of("user_id", id, "email", id + "@example.com", "password", "strong\0password"))) {
			String field = body.entrySet()
				.stream()
				.filter(e -> e.getValue().contains("\0"))
				.findFirst()
				.orElseThrow()
				.getKey();
			assertInvalid(register(body), field, null);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from users where user_id like ?", Integer.class, id + "%"))
			.isZero();
	}

	@Test
	void loginWhenUsernameOrPasswordHasANulCharacterThen422Not500() {
		for (String[] credentials : List.of(new String[] { this.user + "\0", Accounts.PASSWORD },
				new String[] { this.user, Accounts.PASSWORD + "\0" })) {
			this.client.post()
				.uri("/login")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form("username", credentials[0], "password", credentials[1]))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void registerWhenUserIdIsAJsonNumberThen422() {
		String email = Accounts.uniqueUserId("number") + "@example.com";
		assertInvalid(
				register("{\"user_id\": 73618814, \"email\": \"" + email + "\", \"password\": \"strong_password\"}"),
				"user_id", "must be a string");
		assertThat(this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email))
			.isZero();
	}

	@Test
	void createPostWhenPostDataIsAJsonNumberThen422() {
		assertInvalid(createPost("{\"post_data\": 123}"), "post_data", "must be a string");
		assertThat(posts()).isZero();
	}

	@Test
	void voteWhenPostIdIsOutOfRangeOrNotAnIntegerThen422NamingIt() {
		for (String postId : List.of("99999999999999999999", "1e400", "1.5", "\"7\"", "\"\"", "true")) {
			this.client.post()
				.uri("/vote")
				.header("Authorization", "Bearer " + this.token)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"post_id\": " + postId + ", \"dir\": 1}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("post_id");
		}
	}

	@Test
	void createPostWhenTenThousandEmojiThen201AndOneMoreThen422() {
		String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
		createPost("{\"post_data\": \"" + emoji.repeat(10_000) + "\"}").expectStatus().isCreated();
		assertThat(this.jdbc.queryForObject("select char_length(post_data) from posts where user_id = ?", Integer.class,
				this.user))
			.isEqualTo(10_000);
		assertInvalid(createPost("{\"post_data\": \"" + emoji.repeat(10_001) + "\"}"), "post_data",
				"must be at most 10000 characters");
	}

	@Test
	void loginWhenGetThen405WithAllowPost() {
		this.client.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals("Allow", "POST")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void docsWhenTrailingSlashThenTheSameAnswerWithoutARedirect() {
		byte[] docs = this.client.get()
			.uri("/docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		byte[] docsWithSlash = this.client.get()
			.uri("/docs/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(docsWithSlash).isEqualTo(docs);
	}

	@Test
	void healthThenItsComponentsIncludingTheDatabaseWithDetailsHidden() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.details")
			.doesNotExist();
	}

	@Test
	void redocWhenServedThenItsBundleFetchesNothingFromOutside() {
		String bundle = this.client.get()
			.uri("/webjars/redoc/2.1.4/bundles/redoc.standalone.js")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		assertThat(bundle).hasSizeGreaterThan(500_000).doesNotContain("cdn.redoc.ly");
		assertThat(bundle).doesNotContainPattern("src:\"https?://");
	}

	@Test
	void requestWhenParametersAreNotValidUtf8Then400Not500() throws Exception {
		HttpResponse<String> query = raw("GET", "/posts/all?search=a%ED%A0%80b", null, null);
		HttpResponse<String> form = raw("POST", "/login", "application/x-www-form-urlencoded",
				"username=" + this.user + "&password=%ED%A0%80&x=%zz");
		assertBadRequestProblem(query);
		assertBadRequestProblem(form);
	}

	@Test
	void requestWhenAParameterNameHasAControlCharacterThen400Not500() throws Exception {
		HttpResponse<String> query = raw("GET", "/posts/all?limit=5&a%1Fb=1", null, null);
		HttpResponse<String> form = raw("POST", "/login", "application/x-www-form-urlencoded",
				"username=" + this.user + "&password=x&a%7Fb=1");
		assertBadRequestProblem(query);
		assertBadRequestProblem(form);
	}

	@Test
	void requestWhenAParameterNameIsAPropertyPathThenIgnoredLikeAnyUnknownOne() throws Exception {
		HttpResponse<String> query = raw("GET", "/posts/all?limit%5B0%5D=1&search%5Bk%5D=a&offset.x=1", null, null);
		assertThat(query.statusCode()).isEqualTo(200);
		assertThat(query.body()).startsWith("[");
		HttpResponse<String> form = raw("POST", "/login", "application/x-www-form-urlencoded", "username=" + this.user
				+ "&password=" + Accounts.PASSWORD + "&username%5B0%5D=x&password.x=1&grant_type%5Bk%5D=y");
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("access_token");
	}

	@Test
	void loginWhenMultipartBodyIsBrokenThen400Not500() throws Exception {
		assertThat(raw("POST", "/login", "multipart/form-data", "username=x").statusCode()).isEqualTo(400);
		assertThat(
				raw("POST", "/login", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: fo").statusCode())
			.isEqualTo(400);
	}

	@Test
	void createPostWhenContentTypeIsAWildcardThen415Not500() throws Exception {
		for (String wildcard : List.of("*/*", "application/*")) {
			HttpResponse<String> response = raw("POST", "/posts", wildcard, "{\"post_data\":\"hello\"}");
			assertThat(response.statusCode()).isEqualTo(415);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(posts()).isZero();
	}

	@Test
	void createPostOrRegisterWhenTheBodyIsYamlOrXmlThen415AndNothingStored() throws Exception {
		// YAML was read past every JSON rule: this NUL reached the database (a 500)
		for (String type : List.of("application/yaml", "application/xml", "text/xml")) {
			HttpResponse<String> post = raw("POST", "/posts", type, "postData: \"a\\0b\"\n");
			assertThat(post.statusCode()).as(type).isEqualTo(415);
			assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			String userId = Accounts.uniqueUserId("yaml");
			HttpResponse<String> registration = raw("POST", "/users", type,
					"userId: " + userId + "\nemail: " + userId + "@example.com\npassword: \"abc\\0defghij\"\n");
			assertThat(registration.statusCode()).as(type).isEqualTo(415);
			assertThat(this.jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId))
				.isZero();
		}
		assertThat(posts()).isZero();
	}

	@Test
	void meWhenOnlyYamlIsAcceptedThen406NotYaml() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/users/me"))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "application/yaml")
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(406);
			assertThat(response.body()).doesNotContain("userId");
		}
	}

	@Test
	void writeWhenNoAcceptedTypeCanBeAnsweredThen406AndNothingApplied() throws Exception {
		// the handlers ran and committed, then the answer could not be written
		HttpResponse<String> post = raw("POST", "/posts", "application/json", "{\"post_data\":\"unseen\"}", "Accept",
				"application/xml");
		assertThat(post.statusCode()).isEqualTo(406);
		assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(posts()).isZero();
		Accounts.Tokens tokens = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		HttpResponse<String> refresh = raw("POST", "/token/refresh", "application/json",
				"{\"refresh_token\":\"" + tokens.refreshToken() + "\"}", "Accept", "text/html");
		assertThat(refresh.statusCode()).isEqualTo(406);
		// not used up, so not taken for a stolen one either
		assertThat(Accounts.refreshStatus(this.client, tokens.refreshToken())).isEqualTo(200);
	}

	@Test
	void meWhenOnlyProblemDetailsAreAcceptedThen406NotA200LabelledAsAProblem() throws Exception {
		HttpResponse<String> me = raw("GET", "/users/me", null, null, "Accept", "application/problem+json");
		assertThat(me.statusCode()).isEqualTo(406);
		assertThat(me.body()).doesNotContain(this.user);
	}

	@Test
	void loginWhenAFieldIsAFileThen422NamingItNot500() throws Exception {
		HttpResponse<String> login = raw("POST", "/login", "multipart/form-data; boundary=b",
				"--b\r\nContent-Disposition: form-data; name=\"username\"; filename=\"a\"\r\n\r\n" + this.user
						+ "\r\n--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + Accounts.PASSWORD
						+ "\r\n--b--\r\n");
		assertThat(login.statusCode()).isEqualTo(422);
		assertThat(login.body()).contains("\"field\":\"username\"").doesNotContain("springframework");
	}

	@Test
	void createPostWhenTheBodyIsCompressedThen415AndNothingStored() throws Exception {
		for (String coding : List.of("gzip", "br", "identity, gzip")) {
			HttpResponse<String> post = raw("POST", "/posts", "application/json", "{\"post_data\":\"unseen\"}",
					"Content-Encoding", coding);
			assertThat(post.statusCode()).as(coding).isEqualTo(415);
			assertThat(post.headers().firstValue("Accept-Encoding")).as(coding).hasValue("identity");
		}
		assertThat(posts()).isZero();
		HttpResponse<String> identity = raw("POST", "/posts", "application/json", "{\"post_data\":\"seen\"}",
				"Content-Encoding", "identity");
		assertThat(identity.statusCode()).isEqualTo(201);
	}

	@Test
	void refreshWhenTheFormsTokenHasANulCharacterThen422AsInJson() throws Exception {
		HttpResponse<String> refresh = raw("POST", "/token/refresh", "application/x-www-form-urlencoded",
				"refresh_token=%00");
		assertThat(refresh.statusCode()).isEqualTo(422);
		assertThat(refresh.body()).contains("\"field\":\"refresh_token\"");
	}

	@Test
	void refreshWhenTheTokenIsInTheQueryThen400EvenWithAJsonBody() throws Exception {
		HttpResponse<String> refresh = raw("POST", "/token/refresh?refresh_token=x", "application/json",
				"{\"refresh_token\":\"y\"}");
		assertBadRequestProblem(refresh);
		assertThat(refresh.body()).contains("never in the URL");
	}

	@Test
	void refreshWhenAFieldsDefaultIsGivenTwiceThen400InvalidRequestNamingNoJavaType() throws Exception {
		// "!name" is Spring's field default, bound where "name" is missing
		HttpResponse<String> refresh = raw("POST", "/token/refresh", "application/x-www-form-urlencoded",
				"!refresh_token=a&!refresh_token=b");
		assertBadRequestProblem(refresh);
		assertThat(refresh.body()).contains("\"error\":\"invalid_request\"").doesNotContain("java.");
	}

	@Test
	void loginWhenAFieldIsGivenTwiceThen400InvalidRequestNotTheValuesJoined() throws Exception {
		// joined, "strong_password,x" was tried as the password and counted as a failure
		for (String body : List.of(form("username", this.user, "password", Accounts.PASSWORD, "password", "x"),
				form("grant_type", "refresh_token", "grant_type", "password", "username", this.user, "password",
						Accounts.PASSWORD))) {
			HttpResponse<String> login = raw("POST", "/login", "application/x-www-form-urlencoded", body);
			assertBadRequestProblem(login);
			assertThat(login.body()).contains("\"error\":\"invalid_request\"");
		}
		assertThat(this.jdbc.queryForObject(
				"select count(*) from security_events where user_id = ? and type = 'login_failed'", Integer.class,
				this.user))
			.isZero();
	}

	@Test
	void registerWhenAKeyIsGivenTwiceThen400AndNothingStored() throws Exception {
		String first = Accounts.uniqueUserId("twice");
		String second = Accounts.uniqueUserId("twice");
		HttpResponse<String> response = raw("POST", "/users", "application/json",
				"{\"user_id\":\"%s\",\"user_id\":\"%s\",\"email\":\"%s@example.com\",\"password\":\"12345678\"}"
					.formatted(first, second, second));
		assertBadRequestProblem(response);
		assertThat(response.body()).contains("\"detail\":\"The request body gives a key twice\"");
		assertThat(this.jdbc.queryForObject("select count(*) from users where user_id in (?, ?)", Integer.class, first,
				second))
			.isZero();
	}

	@Test
	void createWhenTheBodyIsJsonButNotAnObjectThen422AndNothingStored() throws Exception {
		for (String body : List.of("[{\"post_data\":\"x\"}]", "\"x\"", "1", "true")) {
			HttpResponse<String> response = raw("POST", "/posts", "application/json", body);
			assertThat(response.statusCode()).as(body).isEqualTo(422);
			assertThat(response.body()).as(body)
				.contains("\"errors\":[{\"field\":\"body\",\"message\":\"must be a JSON object\"}]");
		}
		// text after the object, or only white space, is not JSON
		for (String body : List.of("{\"post_data\":\"x\"} x", "{\"post_data\":\"x\"} {}", "{\"post_data\":\"x\"} 1",
				" ")) {
			HttpResponse<String> response = raw("POST", "/posts", "application/json", body);
			assertBadRequestProblem(response);
			assertThat(response.body()).as(body).contains("The request body is missing or is not valid JSON");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from posts where user_id = ?", Integer.class, this.user))
			.isZero();
	}

	@Test
	void problemWhenPathIsPercentEncodedThenInstanceIsThePathAsSent() throws Exception {
		// Spring Security's firewall refuses an encoded percent sign
		HttpResponse<String> response = raw("GET", "/posts/1%252", null, null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"instance\":\"/posts/1%252\"");
	}

	private HttpResponse<String> raw(String method, String path, String contentType, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + this.token)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private RestTestClient.ResponseSpec createPost(String body) {
		return this.client.post()
			.uri("/posts")
			.header("Authorization", "Bearer " + this.token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	private RestTestClient.ResponseSpec register(Object body) {
		return this.client.post().uri("/users").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
	}

	private static void assertBadRequestProblem(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":400").doesNotContain("Exception");
	}

	private static void assertInvalid(RestTestClient.ResponseSpec response, String field, String message) {
		var body = response.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
		if (message != null) {
			body.jsonPath("$.errors[0].message").isEqualTo(message);
		}
	}

	private int posts() {
		return this.jdbc.queryForObject("select count(*) from posts where user_id = ?", Integer.class, this.user);
	}

}
