package dev.postsapi.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input for every operation the service documents, read from its own
 * {@code /openapi.json}, so an endpoint added tomorrow is covered without touching this
 * class: every path parameter, query parameter and body field gets wrong JSON types, NUL
 * and lone surrogates, huge, negative and fractional numbers, 10,000-character strings
 * and deep nesting; every body is also sent truncated, empty, with extra fields and under
 * wrong content types; and every operation gets bad Authorization headers. Each case is
 * sent with a valid token if the operation needs one (else without), and a seeded quarter
 * of them the other way too. Every answer must be documented by its operation, never a
 * 5xx, every 4xx problem details with its own status, every success exactly the
 * documented fields (none missing, none undocumented), and no body may name a class or
 * show a stack trace; afterwards the service must still answer a normal request. The
 * valid request goes with the Accept a generated client sends. The cases come from a
 * fixed seed and are bounded, so a failure reproduces and the run stays short; every
 * failure is reported with the request that caused it.
 */
@IntegrationTest
// brute-force limits off, as for a load test: else 429s would mask how input is handled
@TestPropertySource(properties = { "auth.limits.login-failures-per-account-and-address=0",
		"auth.limits.login-failures-per-address=0", "auth.limits.login-failures-per-account=0" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiFuzzIntegrationTests {

	/** Fixed, so every run sends the same requests and a failure reproduces. */
	private static final long SEED = 20261127L;

	private static final int MAX_CASES_PER_OPERATION = 300;

	/** Signs of a stack trace or of an implementation's class names. */
	private static final List<String> LEAKS = List.of("Exception", "dev.postsapi.", "java.", "jakarta.",
			"org.springframework", "tools.jackson", "com.fasterxml", "org.hibernate", "org.postgresql", "org.apache");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** As JSON: wrong types, NUL, lone surrogates, huge numbers and strings, nesting. */
	private static final List<String> HOSTILE = Stream.concat(
			Stream.of("123", "true", "null", "[\"a\", 1]", "{\"a\": 1}", "99999999999999999999",
					"-99999999999999999999", "2147483648", "9223372036854775808", "-1", "0", "1.5", "1e400", "-1e-400",
					"9".repeat(10_000), "[".repeat(10_000), "[".repeat(1000) + "]".repeat(1000),
					String.valueOf(new Random(SEED).nextLong())),
			Stream
				.of("abc", "", "   ", "a\u0000b", "a\ud800b", "\udc00", "a".repeat(10_000), "a\"b\\c\r\n<script>'--",
						"' OR '1'='1' -- %_\\", "\u0001\u001f\u007f\u0085\u200b\u2028\u202e\ufeff", "\uD83D\uDE00")
				.map(OpenApiFuzzIntegrationTests::jsonString))
		.toList();

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Random random = new Random(SEED);

	private final List<String> failures = new ArrayList<>();

	private JsonNode api = JSON.missingNode();

	/** The user the requests act as; kept while its password lasts. */
	private String userId = "";

	/** Its session and post, kept until a request may have used them up. */
	private @Nullable Account account;

	@BeforeAll
	void sendHostileRequests() {
		this.api = parse(send("GET", "/openapi.json", Map.of(), "").body());
		this.api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			if (operation.getKey().matches("get|put|post|delete|patch")) {
				fuzz(operation(path.getKey(), path.getValue(), operation.getKey(), operation.getValue()));
			}
		}));
	}

	@Test
	void everyOperationWhenHostileInputThenDocumentedAnswerNever5xx() {
		assertThat(this.api.path("paths").properties()).as("operations in /openapi.json").isNotEmpty();
		assertThat(this.failures).withFailMessage(() -> String.join("\n", this.failures)).isEmpty();
	}

	@Test
	void serviceWhenFuzzedThenStillAnswersANormalRequest() {
		String user = Accounts.uniqueUserId("afterfuzz"), token = Accounts.registerAndLogin(this.client, user);
		int postId = PostsApi.create(this.client, token, "Hi");
		JsonNode post = parse(send("GET", "/posts/" + postId, Map.of("Authorization", "Bearer " + token), "").body());
		assertThat(post.path("post_data").asString() + post.path("user_id").asString()).isEqualTo("Hi" + user);
	}

	/** An operation of the document, with its parameters and body fields resolved. */
	private Operation operation(String path, JsonNode pathItem, String method, JsonNode node) {
		// the operation's own security requirement, or else the document's
		JsonNode security = node.has("security") ? node.get("security") : this.api.path("security");
		Map<String, JsonNode> parameters = new LinkedHashMap<>();
		Stream.of(pathItem, node)
			.flatMap(owner -> owner.path("parameters").valueStream().map(this::resolve))
			.filter(parameter -> parameter.path("in").asString().matches("path|query"))
			.forEach(parameter -> parameters.put(parameter.path("name").asString(), resolve(parameter.path("schema"))));
		JsonNode content = node.path("requestBody").path("content");
		// a body is written as JSON if the operation reads JSON, else as its first type
		String bodyType = content.has("application/json") ? "application/json"
				: content.propertyNames().stream().findFirst().orElse(null);
		return new Operation(method.toUpperCase(Locale.ROOT), path, node.path("responses"), !security.isEmpty(),
				parameters, bodyType, properties(content.path(String.valueOf(bodyType)).path("schema")));
	}

	private JsonNode resolve(JsonNode node) {
		String ref = node.path("$ref").asString();
		return ref.isEmpty() ? node : resolve(this.api.at(ref.substring(ref.indexOf('#') + 1)));
	}

	/** The properties of an object schema, resolved; empty for any other schema. */
	private Map<String, JsonNode> properties(JsonNode schema) {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		resolve(schema).path("allOf").values().forEach(part -> properties.putAll(properties(part)));
		resolve(schema).path("properties").properties().forEach(p -> properties.put(p.getKey(), resolve(p.getValue())));
		return properties;
	}

	private void fuzz(Operation operation) {
		List<Map.Entry<String, Consumer<Draft>>> cases = new ArrayList<>(cases(operation).entrySet());
		// the baseline, then the rest (if too many, a sample), some the other way too
		Collections.shuffle(cases.subList(1, cases.size()), this.random);
		for (var hostileCase : cases.subList(0, Math.min(cases.size(), MAX_CASES_PER_OPERATION))) {
			check(operation, hostileCase, operation.secured());
			if (hostileCase == cases.get(0) || this.random.nextInt(4) == 0) {
				check(operation, hostileCase, !operation.secured());
			}
		}
	}

	/** Hostile changes to a request of valid values, by what they do. */
	private Map<String, Consumer<Draft>> cases(Operation operation) {
		Map<String, Consumer<Draft>> cases = new LinkedHashMap<>();
		// as a generated client sends them, with the Accept OpenAPI Generator's Java
		// client picks: the first JSON type among the operation's answers (problem
		// details alone where a success has no body)
		cases.put("valid values", d -> d.headers.put("Accept", generatedClientAccept(operation)));
		cases.put("a malformed bearer token", d -> d.headers.put("Authorization", "Bearer not.a.jwt"));
		cases.put("an empty bearer token", d -> d.headers.put("Authorization", "Bearer "));
		cases.put("Basic credentials", d -> d.headers.put("Authorization", "Basic Og=="));
		// the signature's start changed: a well-formed token, wrongly signed
		cases.put("a tampered bearer token", d -> d.headers.put("Authorization",
				account().tokens().bearer().replaceFirst("[^.]{5}(?=[^.]*$)", "AbCdE")));
		for (String name : operation.parameters().keySet()) {
			// an empty path segment would address another route
			boolean inPath = operation.path().contains("{" + name + "}");
			HOSTILE.stream()
				.filter(value -> !inPath || !value.equals("\"\""))
				.forEach(value -> cases.put(name + " = " + excerpt(value, 30), d -> d.params.put(name, value)));
		}
		for (String name : operation.fields().keySet()) {
			HOSTILE.forEach(value -> cases.put(name + " = " + excerpt(value, 30), d -> d.fields.put(name, value)));
			cases.put(name + " missing", d -> d.fields.remove(name));
		}
		// one char a byte: the last three hold a NUL, invalid UTF-8 and a lone surrogate
		for (String body : List.of("", " \n\t ", "null", "[]", "\"a string\"", "123", "{\"a\": NaN}",
				"a=%zz&b=%&c=%E0%A4&&=&", "[".repeat(10_000), "{\"a\":".repeat(10_000),
				"[".repeat(2000) + "]".repeat(2000), "{\"a\": \"\u0000\"}", "{\"a\": \"\u00ff\u00fe\"}",
				"{\"a\": \"\u00ed\u00a0\u0080\"}")) {
			cases.put("the body " + excerpt(body, 30), d -> d.body = body);
		}
		String type = operation.bodyType();
		if (type != null) {
			cases.put("the body truncated", d -> d.body = d.body.substring(0, d.body.length() / 2));
			cases.put("extra fields",
					d -> Stream.of("unknown", "__proto__", "is_admin").forEach(name -> d.fields.put(name, "true")));
			cases.put("2,000 extra fields", d -> IntStream.range(0, 2000).forEach(i -> d.fields.put("x" + i, "1")));
			// over the 1 MB default of app.requests.max-body-size
			cases.put("a body of 1.1 MB", d -> d.fields.put("big", "\"" + "x".repeat(1_150_000) + "\""));
			for (String wrong : List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data",
					"multipart/form-data; boundary=b", "application/xml", type + "; charset=nonsense",
					type + "; charset=UTF-16", "text/plain", "application/octet-stream", "not a media type", "*/*")) {
				cases.put("the content type " + wrong, d -> d.headers.put("Content-Type", wrong));
			}
			cases.put("no content type", d -> d.headers.remove("Content-Type"));
		}
		return cases;
	}

	private static @Nullable String generatedClientAccept(Operation operation) {
		return operation.responses()
			.valueStream()
			.flatMap(response -> response.path("content").propertyNames().stream())
			.filter(type -> type.matches("application/(.+\\+)?json(;.*)?"))
			.findFirst()
			.orElse(null);
	}

	/** Sends a case, valid values for the rest, and records what is wrong. */
	private void check(Operation operation, Map.Entry<String, Consumer<Draft>> hostileCase, boolean withToken) {
		Draft draft = new Draft();
		operation.parameters().forEach((name, schema) -> draft.params.put(name, valid(name, schema)));
		operation.fields().forEach((name, schema) -> draft.fields.put(name, valid(name, schema)));
		draft.headers.put("Content-Type", operation.bodyType());
		draft.headers.put("Authorization", withToken ? account().tokens().bearer() : null);
		String token = draft.headers.get("Authorization"),
				body = draft.body = render(operation.bodyType(), draft.fields);
		hostileCase.getValue().accept(draft);
		// the case's body, else the fields, which the case may have changed
		body = (draft.body != body) ? draft.body : render(operation.bodyType(), draft.fields);
		String url = operation.path();
		for (Map.Entry<String, String> param : draft.params.entrySet()) {
			String placeholder = "{" + param.getKey() + "}", value = percentEncode(param.getValue());
			url = url.contains(placeholder) ? url.replace(placeholder, value)
					: url + (url.contains("?") ? "&" : "?") + param.getKey() + "=" + value;
		}
		Answer answer = send(operation.method(), url, draft.headers, body);
		// a success may have ended the session (a logout) or deleted the post; a 401 to
		// the caller's own credentials means they are gone
		if ((!operation.method().equals("GET") && answer.status() / 100 == 2) || (answer.status() == 401
				&& (!operation.secured() || token != null && token.equals(draft.headers.get("Authorization"))))) {
			this.account = null;
		}
		for (String problem : problems(operation, answer)) {
			this.failures.add("- %s %s, %s, %s: %s%n    request: %s | %s | %s%n    answer: %d %s %s".formatted(
					operation.method(), operation.path(), hostileCase.getKey(), withToken ? "with a token" : "no token",
					problem, excerpt(url, 160), draft.headers.get("Content-Type"), excerpt(body, 200), answer.status(),
					answer.contentType(), excerpt(answer.body(), 300)));
		}
	}

	/** What is wrong with an answer: nothing if it is right. */
	private List<String> problems(Operation operation, Answer answer) {
		int status = answer.status();
		JsonNode responses = operation.responses(), documented = responses.path(String.valueOf(status));
		documented = documented.isMissingNode() ? responses.path(status / 100 + "XX") : documented;
		documented = documented.isMissingNode() ? responses.path("default") : documented;
		JsonNode schema = resolve(documented.at("/content/application~1json/schema")), body = parse(answer.body());
		boolean array = schema.has("items"), success = status / 100 == 2 && !schema.isMissingNode();
		Set<String> fields = properties(array ? schema.path("items") : schema).keySet();
		List<JsonNode> items = (array && body.isArray()) ? List.copyOf(body.values()) : List.of(body);
		Set<Set<String>> found = items.stream().map(item -> Set.copyOf(item.propertyNames())).collect(toSet());
		List<String> problems = new ArrayList<>();
		if (status < 0 || status >= 500 || documented.isMissingNode()) {
			problems.add((status < 0) ? "no answer" : (status >= 500) ? "a 5xx" : "an undocumented status");
		}
		if (status / 100 == 4 && !(String.valueOf(answer.contentType()).startsWith("application/problem+json")
				&& body.path("status").isIntegralNumber() && body.path("status").asInt() == status)) {
			problems.add("a 4xx that is not problem details (application/problem+json) with its status");
		}
		// none missing, none undocumented, in each item of a list too
		if (success && (body.isArray() != array || found.stream().anyMatch(names -> !names.equals(fields)))) {
			problems.add("a success with the fields " + found + ", not the documented " + fields);
		}
		LEAKS.stream().filter(answer.body()::contains).forEach(leak -> problems.add("the body shows \"" + leak + "\""));
		return problems;
	}

	/**
	 * Sends a body one char a byte; answers -1 with the error if no answer came, twice: a
	 * connection can close under the client with no byte of the answer read (a pooled one
	 * the server closed as it was reused, or the reset of a connection Tomcat closed with
	 * the body of a request it refused unread, such as one whose line is over its limit),
	 * so it is tried once more on another before it counts as none.
	 */
	private Answer send(String method, String url, Map<String, @Nullable String> headers, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + url))
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.ofByteArray(body.getBytes(ISO_8859_1)));
		headers.forEach((name, value) -> Optional.ofNullable(value).ifPresent(v -> request.header(name, v)));
		Answer answer = null;
		for (int attempt = 0; attempt < 2 && (answer == null || answer.status() < 0); attempt++) {
			try {
				var got = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
				answer = new Answer(got.statusCode(), got.headers().firstValue("Content-Type").orElse(null),
						got.body());
			}
			catch (IOException | InterruptedException ex) {
				answer = new Answer(-1, null, ex.toString());
			}
		}
		return answer;
	}

	/** A valid value as JSON: a real one where it must be, else one its schema allows. */
	private String valid(String name, JsonNode schema) {
		return switch (name) {
			case "post_id" -> String.valueOf(account().postId());
			case "user_id" -> jsonString(Accounts.uniqueUserId("fuzz"));
			case "email" -> jsonString(Accounts.uniqueUserId("fuzz") + "@example.com");
			case "username" -> jsonString(account().userId());
			case "password", "current_password", "new_password" -> jsonString(Accounts.PASSWORD);
			case "refresh_token" -> jsonString(account().tokens().refreshToken());
			default -> Stream.of(schema.path("example"), schema.path("default"), schema.path("enum").path(0))
				.filter(given -> given.isValueNode() && !given.isNull())
				.findFirst()
				.map(JsonNode::toString)
				.orElse(type(schema).matches("integer|number") ? "1" : "\"fuzz\"");
		};
	}

	/** A schema's type; of a nullable one (["string", "null"]), the other. */
	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		return type.isArray()
				? type.valueStream().map(JsonNode::asString).filter(name -> !name.equals("null")).findFirst().orElse("")
				: type.asString("");
	}

	/** The account's session and post; a new account if there is none that logs in. */
	private Account account() {
		if (this.account == null) {
			String form = Accounts.form("username", this.userId, "password", Accounts.PASSWORD);
			Answer login = send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
			// none yet, or a fuzzed request has changed the password
			this.userId = (login.status() == 200) ? this.userId
					: Accounts.register(this.client, Accounts.uniqueUserId("fuzz"));
			Tokens tokens = (login.status() == 200) ? Tokens.of(JSON.readValue(login.body(), Map.class))
					: Accounts.loginForTokens(this.client, this.userId, Accounts.PASSWORD);
			// a post also so that the account's listings have fields to check
			this.account = new Account(this.userId, tokens, PostsApi.create(this.client, tokens.accessToken(), "Fuzz"));
		}
		return this.account;
	}

	/** A request being built: valid values, then a case's change; inputs as JSON. */
	private static final class Draft {

		final Map<String, String> params = new LinkedHashMap<>(), fields = new LinkedHashMap<>();

		final Map<String, @Nullable String> headers = new LinkedHashMap<>();

		String body = "";

	}

	private record Operation(String method, String path, JsonNode responses, boolean secured,
			Map<String, JsonNode> parameters, @Nullable String bodyType, Map<String, JsonNode> fields) {

	}

	private record Answer(int status, @Nullable String contentType, String body) {

	}

	private record Account(String userId, Tokens tokens, int postId) {

	}

	/** The fields as JSON, else as a form; nothing without a type. */
	private static String render(@Nullable String type, Map<String, String> fields) {
		boolean json = String.valueOf(type).contains("json");
		List<String> parts = new ArrayList<>();
		fields.forEach((name, value) -> parts
			.add(json ? jsonString(name) + ": " + value : URLEncoder.encode(name, UTF_8) + "=" + percentEncode(value)));
		return (type == null) ? "" : json ? "{" + String.join(", ", parts) + "}" : String.join("&", parts);
	}

	/** The body as JSON; missing if it is not JSON. */
	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/** A JSON string of pure ASCII: everything else escaped, lone surrogates included. */
	static String jsonString(String text) {
		return "\"" + ascii(text.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
	}

	/** All but printable ASCII escaped, as in JSON. */
	static String ascii(String text) {
		return text.chars()
			.mapToObj(c -> (c < ' ' || c > '~') ? "\\u%04x".formatted(c) : "" + (char) c)
			.collect(joining());
	}

	/** A JSON value's text in a URL; a lone surrogate as a lax encoder's bytes. */
	static String percentEncode(String json) {
		String text = json.startsWith("\"") ? JSON.readTree(json).asString() : json;
		return text.codePoints()
			.mapToObj(c -> (c < 0xD800 || c > 0xDFFF) ? URLEncoder.encode(Character.toString(c), UTF_8)
					: "%%%02X%%%02X%%%02X".formatted(0xE0 | c >> 12, 0x80 | (c >> 6 & 0x3F), 0x80 | (c & 0x3F)))
			.collect(joining());
	}

	/** The start of a text, for a report. */
	private static String excerpt(String text, int max) {
		return ascii((text.length() > max) ? text.substring(0, max) + "..." : text);
	}

}
