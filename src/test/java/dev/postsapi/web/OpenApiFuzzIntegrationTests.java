package dev.postsapi.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

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
 * 5xx, every 4xx problem details with its own status, every success the documented
 * fields, and no body may name a class or show a stack trace; afterwards the service must
 * still answer a normal request. The cases come from a fixed seed and are bounded, so a
 * failure reproduces and the run stays short; every failure is reported, with the request
 * that caused it.
 * <p>
 * The only knowledge of particular endpoints here is how to fill in a <em>valid</em>
 * value that must be real (see {@link Caller#valid}): a post of the caller's, a refresh
 * token of theirs, a new account's user_id.
 */
@IntegrationTest
// the brute-force limits are off, as an operator switches them off for a load test:
// hundreds of hostile logins from one address would otherwise end in 429s that mask how
// the input itself is handled
@TestPropertySource(properties = { "auth.limits.login-failures-per-account-and-address=0",
		"auth.limits.login-failures-per-address=0", "auth.limits.login-failures-per-account=0",
		"auth.limits.registrations-per-address=0" })
@TestInstance(Lifecycle.PER_CLASS)
class OpenApiFuzzIntegrationTests {

	/** Fixed, so every run sends the same requests and a failure reproduces. */
	private static final long SEED = 20261127L;

	/**
	 * Each operation's cases are sent in the mode that matters most for it (with a token
	 * when it needs one, without when it is public); one case in this many is also sent
	 * in the other mode.
	 */
	private static final int OTHER_MODE_ONE_IN = 4;

	/** Random mutations of each operation's valid body, on top of the fixed cases. */
	private static final int RANDOM_MUTATIONS_PER_OPERATION = 6;

	/** A bound on each operation's cases, whatever the document grows to. */
	private static final int MAX_CASES_PER_OPERATION = 300;

	/** Over the 1 MB default of app.requests.max-body-size. */
	private static final int OVER_BODY_LIMIT = 1024 * 1024 + 64 * 1024;

	/** Signs of a stack trace or of an implementation's class names. */
	private static final List<String> LEAKS = List.of("Exception", "at dev.postsapi", "dev.postsapi.", "java.",
			"jakarta.", "org.springframework", "tools.jackson", "com.fasterxml", "org.hibernate", "org.postgresql",
			"org.apache", "\tat ");

	private static final String BOUNDARY = "fuzz0boundary";

	/** The case that changes nothing: every value valid. */
	private static final String BASELINE = "valid values";

	/** Stands for the caller's token with its signature changed. */
	private static final String TAMPERED = "tampered";

	private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private @Nullable Campaign campaign;

	/** Registrations, logins and posts that give the fuzzed requests valid values. */
	private int setUpRequests;

	@Test
	void everyOperationWhenHostileInputThenDocumentedAnswerNever5xx() {
		Campaign campaign = campaign();
		assertThat(campaign.operations()).as("operations read from /openapi.json").isNotEmpty();
		assertThat(campaign.failures()).as(() -> campaign.report(100)).isEmpty();
	}

	@Test
	void serviceWhenFuzzedThenStillAnswersANormalRequest() {
		campaign();
		String user = Accounts.uniqueUserId("afterfuzz");
		String token = Accounts.registerAndLogin(this.client, user);
		int postId = PostsApi.create(this.client, token, "Still answering");
		this.client.get()
			.uri("/posts/{post_id}", postId)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.post_data")
			.isEqualTo("Still answering")
			.jsonPath("$.user_id")
			.isEqualTo(user);
	}

	/** The hostile requests, sent once for both tests, whichever runs first. */
	private synchronized Campaign campaign() {
		if (this.campaign == null) {
			this.campaign = new Fuzzer(readApi()).run();
			System.out.println(this.campaign.summary());
			if (!this.campaign.failures().isEmpty()) {
				System.out.println(this.campaign.report(Integer.MAX_VALUE));
			}
		}
		return this.campaign;
	}

	private JsonNode readApi() {
		Answer answer = send("GET", "/openapi.json", null, null, null);
		assertThat(answer.status()).as("GET /openapi.json").isEqualTo(200);
		return this.json.readTree(answer.body());
	}

	private Answer send(String method, String pathAndQuery, @Nullable String contentType, byte @Nullable [] body,
			@Nullable String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(20))
			.method(method, (body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body(), null);
		}
		catch (IOException ex) {
			return new Answer(-1, null, new byte[0], ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sends every case of every operation and checks every answer. */
	private final class Fuzzer {

		private final JsonNode api;

		private final Random random = new Random(SEED);

		private final List<Value> hostile;

		private final List<Failure> failures = new ArrayList<>();

		private final Map<String, Integer> requestsPerOperation = new TreeMap<>();

		private final Map<String, Set<Integer>> statusesPerOperation = new TreeMap<>();

		private final Map<Mode, Integer> requestsPerMode = new TreeMap<>();

		Fuzzer(JsonNode api) {
			this.api = api;
			this.hostile = hostileValues(this.random);
		}

		Campaign run() {
			long start = System.nanoTime();
			List<Operation> operations = operations();
			for (Operation operation : operations) {
				Caller caller = new Caller();
				for (Case fuzzCase : bounded(cases(operation))) {
					Mode first = operation.secured() ? Mode.TOKEN : Mode.NO_TOKEN;
					Mode other = operation.secured() ? Mode.NO_TOKEN : Mode.TOKEN;
					if (fuzzCase.authorization() != null) {
						sendAndCheck(operation, caller, fuzzCase, Mode.GIVEN);
						continue;
					}
					sendAndCheck(operation, caller, fuzzCase, first);
					if (fuzzCase.variant().equals(BASELINE) || this.random.nextInt(OTHER_MODE_ONE_IN) == 0) {
						sendAndCheck(operation, caller, fuzzCase, other);
					}
				}
			}
			return new Campaign(operations, this.failures, this.requestsPerOperation, this.statusesPerOperation,
					this.requestsPerMode, OpenApiFuzzIntegrationTests.this.setUpRequests,
					Duration.ofNanos(System.nanoTime() - start));
		}

		private List<Case> bounded(List<Case> cases) {
			if (cases.size() <= MAX_CASES_PER_OPERATION) {
				return cases;
			}
			List<Case> kept = new ArrayList<>(cases.subList(0, 1)); // the baseline
			List<Case> rest = new ArrayList<>(cases.subList(1, cases.size()));
			Collections.shuffle(rest, this.random);
			kept.addAll(rest.subList(0, MAX_CASES_PER_OPERATION - 1));
			return kept;
		}

		// ---- the document

		private List<Operation> operations() {
			List<Operation> operations = new ArrayList<>();
			for (Map.Entry<String, JsonNode> path : this.api.path("paths").properties()) {
				for (String method : List.of("get", "post", "put", "patch", "delete")) {
					JsonNode operation = path.getValue().get(method);
					if (operation != null) {
						operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), operation,
								secured(operation), parameters(path.getValue(), operation)));
					}
				}
			}
			operations.sort((a, b) -> a.label().compareTo(b.label()));
			return operations;
		}

		/** An operation's own security requirement, or else the document's. */
		private boolean secured(JsonNode operation) {
			JsonNode security = operation.has("security") ? operation.get("security") : this.api.path("security");
			return security.isArray() && !security.isEmpty();
		}

		/** The path's parameters and the operation's, resolved. */
		private List<JsonNode> parameters(JsonNode path, JsonNode operation) {
			List<JsonNode> parameters = new ArrayList<>();
			path.path("parameters").values().forEach(p -> parameters.add(resolve(p)));
			operation.path("parameters").values().forEach(p -> parameters.add(resolve(p)));
			return parameters;
		}

		private JsonNode resolve(JsonNode node) {
			JsonNode resolved = node;
			for (int hops = 0; resolved.has("$ref") && hops < 10; hops++) {
				String ref = resolved.get("$ref").asString();
				resolved = this.api.at(ref.substring(ref.indexOf('#') + 1));
			}
			return resolved;
		}

		/**
		 * The media type a request body is written in first: JSON if the operation reads
		 * it, else the first it documents.
		 */
		private String primaryMediaType(JsonNode content) {
			return content.propertyNames()
				.stream()
				.filter(OpenApiFuzzIntegrationTests::isJson)
				.findFirst()
				.orElse(content.propertyNames().iterator().next());
		}

		/** The properties of an object schema, resolved; empty for any other schema. */
		private Map<String, JsonNode> properties(JsonNode schema) {
			Map<String, JsonNode> properties = new LinkedHashMap<>();
			JsonNode resolved = resolve(schema);
			resolved.path("allOf").values().forEach(part -> properties.putAll(properties(part)));
			resolved.path("properties").properties().forEach(p -> properties.put(p.getKey(), resolve(p.getValue())));
			return properties;
		}

		// ---- the cases

		private List<Case> cases(Operation operation) {
			List<Case> cases = new ArrayList<>();
			cases.add(new Case(BASELINE, draft -> {
			}));
			cases.add(new Case("a trailing slash", draft -> draft.trailingSlash = true));
			for (JsonNode parameter : operation.parameters()) {
				String name = parameter.path("name").asString();
				switch (parameter.path("in").asString()) {
					case "path" -> pathCases(cases, name);
					case "query" -> queryCases(cases, name);
					default -> {
						// headers and cookies are not fuzzed here
					}
				}
			}
			cases.add(new Case("an unknown query parameter", draft -> draft.query.add("unknown_parameter=1")));
			cases.add(new Case("a query parameter named NUL and a lone surrogate",
					draft -> draft.query.add("a%00%ED%A0%80=1")));
			JsonNode content = operation.node().path("requestBody").path("content");
			if (content.isEmpty()) {
				cases.add(new Case("an unexpected JSON body", draft -> {
					draft.contentType = MediaType.APPLICATION_JSON_VALUE;
					draft.body = utf8("{\"unexpected\": [1, 2, 3]}");
				}));
				cases.add(new Case("an unexpected text body", draft -> {
					draft.contentType = MediaType.TEXT_PLAIN_VALUE;
					draft.body = utf8("not anything \u0000 at all");
				}));
			}
			else {
				bodyCases(cases, content);
			}
			cases.add(new Case("a malformed bearer token", "Bearer not.a.jwt"));
			cases.add(new Case("an empty bearer token", "Bearer "));
			cases.add(new Case("Basic credentials", "Basic Og=="));
			cases.add(new Case("a tampered bearer token", TAMPERED));
			return cases;
		}

		private void pathCases(List<Case> cases, String name) {
			for (Value value : this.hostile) {
				if (value.encoded().isEmpty()) {
					// an empty segment addresses another route, not this operation
					continue;
				}
				cases.add(new Case(name + " = " + value.label(), draft -> draft.path.put(name, value.encoded())));
			}
			cases.add(new Case(name + " = an encoded slash", draft -> draft.path.put(name, "1%2F2")));
			cases.add(new Case(name + " = an encoded dot segment", draft -> draft.path.put(name, "%2E%2E")));
		}

		private void queryCases(List<Case> cases, String name) {
			for (Value value : this.hostile) {
				cases.add(new Case(name + " = " + value.label(), draft -> draft.replaceQuery(name, value.encoded())));
			}
			cases.add(new Case(name + " twice", draft -> draft.query.add(name + "=abc")));
			cases.add(new Case(name + " without a value", draft -> draft.replaceQuery(name, null)));
			cases.add(new Case(name + " as property paths", draft -> draft.query.add(propertyPaths(name))));
		}

		/**
		 * {@code name[0]}, {@code name.x} and {@code name[k]}: a data binder's path
		 * syntax.
		 */
		private static String propertyPaths(String name) {
			return name + "%5B0%5D=1&" + name + ".x=1&" + name + "%5Bk%5D=1";
		}

		private void bodyCases(List<Case> cases, JsonNode content) {
			List<String> documented = new ArrayList<>(content.propertyNames());
			String primary = primaryMediaType(content);
			Format format = Format.of(primary);
			for (Map.Entry<String, JsonNode> field : properties(content.path(primary).path("schema")).entrySet()) {
				String name = field.getKey();
				for (Value value : this.hostile) {
					cases.add(new Case(name + " = " + value.label(), draft -> draft.fields.put(name, value)));
				}
				cases.add(new Case(name + " missing", draft -> draft.fields.remove(name)));
				if (format == Format.FORM) {
					cases.add(new Case(name + " without a value", draft -> draft.body = utf8(
							draft.render(Format.FORM).replaceFirst("(^|&)" + name + "=[^&]*", "$1" + name))));
					cases.add(new Case(name + " twice, the second NUL",
							draft -> draft.body = utf8(draft.render(Format.FORM) + "&" + name + "=%00")));
				}
			}
			if (format == Format.JSON) {
				jsonBodyCases(cases);
			}
			else if (format == Format.FORM) {
				formBodyCases(cases);
			}
			if (documented.stream().anyMatch(type -> Format.of(type) == Format.MULTIPART)) {
				cases.add(new Case("multipart (documented)", draft -> draft.as(Format.MULTIPART)));
				cases.add(new Case("multipart without a boundary", draft -> {
					draft.as(Format.MULTIPART);
					draft.contentType = MediaType.MULTIPART_FORM_DATA_VALUE;
				}));
				cases.add(new Case("truncated multipart", draft -> {
					draft.as(Format.MULTIPART);
					draft.body = utf8(draft.render(Format.MULTIPART).substring(0, 40));
				}));
			}
			bodyCasesForEveryFormat(cases, format);
			wrongContentTypeCases(cases, documented);
			for (int i = 0; i < RANDOM_MUTATIONS_PER_OPERATION; i++) {
				long seed = this.random.nextLong();
				cases.add(new Case("random mutation " + i + " of a body of the documented shape (seed " + seed + ")",
						draft -> {
							// fixed values, not the caller's (which differ from run to
							// run), so
							// the mutated bytes are the same every run
							draft.fields.replaceAll((name, value) -> value.json().startsWith("\"")
									? Value.of("fuzz_" + name) : Value.raw("a number", "1"));
							draft.body = mutate(utf8(draft.render(draft.format)), new Random(seed));
						}));
			}
		}

		private void jsonBodyCases(List<Case> cases) {
			cases.add(new Case("whitespace only", draft -> draft.body = utf8(" \n\t ")));
			for (String body : List.of("null", "[]", "\"a string\"", "123", "true", "{}")) {
				cases.add(new Case("the body " + body, draft -> draft.body = utf8(body)));
			}
			cases.add(new Case("truncated at half", draft -> {
				String whole = draft.render(Format.JSON);
				draft.body = utf8(whole.substring(0, whole.length() / 2));
			}));
			cases.add(new Case("truncated before the closing brace", draft -> {
				String whole = draft.render(Format.JSON);
				draft.body = utf8(whole.substring(0, whole.length() - 1));
			}));
			cases.add(new Case("extra fields", draft -> {
				draft.fields.put("unknown_field", Value.of("x"));
				draft.fields.put("__proto__", Value.raw("an object", "{\"admin\": true}"));
				draft.fields.put("is_admin", Value.raw("true", "true"));
			}));
			cases.add(new Case("2,000 extra fields", draft -> {
				for (int i = 0; i < 2000; i++) {
					draft.fields.put("extra_" + i, Value.raw("a number", String.valueOf(i)));
				}
			}));
			cases.add(new Case("every field twice, the second null", draft -> {
				String whole = draft.render(Format.JSON);
				String twice = draft.fields.keySet()
					.stream()
					.map(name -> jsonString(name) + ": null")
					.collect(Collectors.joining(", "));
				draft.body = utf8(
						whole.substring(0, whole.length() - 1) + (draft.fields.isEmpty() ? "" : ", ") + twice + "}");
			}));
			cases.add(new Case("10,000 nested arrays, unclosed", draft -> draft.body = utf8("[".repeat(10_000))));
			cases
				.add(new Case("10,000 nested objects, unclosed", draft -> draft.body = utf8("{\"a\":".repeat(10_000))));
			cases.add(new Case("2,000 nested arrays, closed",
					draft -> draft.body = utf8("[".repeat(2000) + "]".repeat(2000))));
			cases
				.add(new Case("an unescaped NUL byte in a string", draft -> draft.body = rawInFirstField(draft, 0x00)));
			cases.add(new Case("invalid UTF-8 in a string", draft -> draft.body = rawInFirstField(draft, 0xFF, 0xFE)));
			cases.add(new Case("a lone surrogate as raw bytes in a string",
					draft -> draft.body = rawInFirstField(draft, 0xED, 0xA0, 0x80)));
			cases.add(new Case("UTF-16 bytes",
					draft -> draft.body = draft.render(Format.JSON).getBytes(StandardCharsets.UTF_16BE)));
			cases.add(new Case("a byte-order mark", draft -> draft.body = utf8("\uFEFF" + draft.render(Format.JSON))));
			cases.add(new Case("a comment", draft -> draft.body = utf8("/* hi */" + draft.render(Format.JSON))));
			cases.add(new Case("a trailing comma", draft -> {
				String whole = draft.render(Format.JSON);
				draft.body = utf8(whole.substring(0, whole.length() - 1) + ",}");
			}));
			cases.add(new Case("single quotes",
					draft -> draft.body = utf8(draft.render(Format.JSON).replace('"', '\''))));
			cases.add(new Case("a NaN literal", draft -> draft.body = utf8("{\"a\": NaN}")));
			cases.add(new Case("two JSON documents", draft -> {
				String whole = draft.render(Format.JSON);
				draft.body = utf8(whole + whole);
			}));
			cases.add(new Case("application/json; charset=nonsense",
					draft -> draft.contentType = "application/json; charset=nonsense"));
			cases.add(new Case("application/json; charset=UTF-16 with UTF-8 bytes",
					draft -> draft.contentType = "application/json; charset=UTF-16"));
		}

		private void formBodyCases(List<Case> cases) {
			cases.add(new Case("a malformed percent escape",
					draft -> draft.body = utf8(draft.render(Format.FORM) + "&a=%zz")));
			cases.add(new Case("a lone percent sign", draft -> draft.body = utf8(draft.render(Format.FORM) + "&a=%")));
			cases.add(new Case("truncated UTF-8", draft -> draft.body = utf8(draft.render(Format.FORM) + "&a=%E0%A4")));
			cases.add(new Case("only separators", draft -> draft.body = utf8("&&&===&=&")));
			cases.add(new Case("every field again as property paths",
					draft -> draft.body = utf8(draft.render(Format.FORM) + "&"
							+ String.join("&", draft.fields.keySet().stream().map(Fuzzer::propertyPaths).toList()))));
			cases.add(new Case("extra fields", draft -> {
				draft.fields.put("unknown_field", Value.of("x"));
				draft.fields.put("scope", Value.of("admin write:everything"));
			}));
			cases.add(new Case("2,000 extra fields", draft -> {
				for (int i = 0; i < 2000; i++) {
					draft.fields.put("extra_" + i, Value.raw("a number", String.valueOf(i)));
				}
			}));
			cases
				.add(new Case("a JSON body labelled as a form", draft -> draft.body = utf8(draft.render(Format.JSON))));
			cases.add(new Case("a form with charset=nonsense",
					draft -> draft.contentType = MediaType.APPLICATION_FORM_URLENCODED_VALUE + "; charset=nonsense"));
			cases.add(new Case("a form with charset=UTF-16",
					draft -> draft.contentType = MediaType.APPLICATION_FORM_URLENCODED_VALUE + "; charset=UTF-16"));
			cases.add(
					new Case("spaces as plus signs", draft -> draft.body = utf8(draft.render(Format.FORM) + "&a=+b+")));
		}

		private void bodyCasesForEveryFormat(List<Case> cases, Format format) {
			cases.add(new Case("an empty body", draft -> draft.body = new byte[0]));
			cases.add(new Case("an empty body without a content type", draft -> {
				draft.body = new byte[0];
				draft.contentType = null;
			}));
			cases.add(new Case("no body at all", draft -> {
				draft.body = null;
				draft.noBody = true;
			}));
			cases.add(new Case("a body over the size limit", draft -> {
				String name = draft.fields.isEmpty() ? "a" : draft.fields.keySet().iterator().next();
				draft.fields.put(name, Value.of("x".repeat(OVER_BODY_LIMIT)));
			}));
			if (format != Format.JSON) {
				cases.add(new Case("a JSON document in a field",
						draft -> draft.fields.replaceAll((name, value) -> Value.raw("JSON", "{\"a\": [1, null]}"))));
			}
		}

		private void wrongContentTypeCases(List<Case> cases, List<String> documented) {
			Map<String, Format> wrong = new LinkedHashMap<>();
			wrong.put(MediaType.APPLICATION_JSON_VALUE, Format.JSON);
			wrong.put(MediaType.APPLICATION_FORM_URLENCODED_VALUE, Format.FORM);
			wrong.put(MediaType.MULTIPART_FORM_DATA_VALUE + "; boundary=" + BOUNDARY, Format.MULTIPART);
			wrong.put(MediaType.APPLICATION_XML_VALUE, Format.XML);
			for (Map.Entry<String, Format> type : wrong.entrySet()) {
				if (documented.stream().noneMatch(d -> type.getKey().startsWith(d))) {
					cases.add(new Case("wrong content type " + type.getKey(), draft -> {
						draft.as(type.getValue());
						draft.contentType = type.getKey();
					}));
				}
			}
			for (String type : List.of(MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE,
					"text/html; charset=utf-8", "not a media type", "application/", "*/*")) {
				cases.add(new Case("wrong content type " + type, draft -> draft.contentType = type));
			}
			cases.add(new Case("no content type", draft -> draft.contentType = null));
		}

		// ---- sending and checking

		private void sendAndCheck(Operation operation, Caller caller, Case fuzzCase, Mode mode) {
			Draft draft = new Draft();
			for (JsonNode parameter : operation.parameters()) {
				String name = parameter.path("name").asString();
				Value valid = Value.of(caller.valid(name, resolve(parameter.path("schema"))));
				switch (parameter.path("in").asString()) {
					case "path" -> draft.path.put(name, valid.encoded());
					case "query" -> draft.query.add(name + "=" + valid.encoded());
					default -> {
					}
				}
			}
			JsonNode content = operation.node().path("requestBody").path("content");
			if (!content.isEmpty()) {
				String primary = primaryMediaType(content);
				draft.as(Format.of(primary));
				draft.contentType = primary;
				for (Map.Entry<String, JsonNode> field : properties(content.path(primary).path("schema")).entrySet()) {
					draft.fields.put(field.getKey(), Value.of(caller.valid(field.getKey(), field.getValue())));
				}
			}
			draft.authorization = switch (mode) {
				case TOKEN -> "Bearer " + caller.session().accessToken();
				case NO_TOKEN -> null;
				case GIVEN -> TAMPERED.equals(fuzzCase.authorization()) ? tampered(caller.session().accessToken())
						: fuzzCase.authorization();
			};
			if (fuzzCase.mutation() != null) {
				fuzzCase.mutation().accept(draft);
			}
			String path = operation.path();
			for (Map.Entry<String, String> parameter : draft.path.entrySet()) {
				path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
			}
			path += (draft.trailingSlash ? "/" : "")
					+ (draft.query.isEmpty() ? "" : "?" + String.join("&", draft.query));
			byte[] body = draft.noBody ? null : (draft.body != null) ? draft.body
					: (draft.format != Format.NONE) ? utf8(draft.render(draft.format)) : null;
			Answer answer = send(operation.method(), path, draft.contentType, body, draft.authorization);
			this.requestsPerOperation.merge(operation.label(), 1, Integer::sum);
			this.requestsPerMode.merge(mode, 1, Integer::sum);
			this.statusesPerOperation.computeIfAbsent(operation.label(), key -> new TreeSet<>()).add(answer.status());
			// a success may have ended the session (a logout) or deleted the post; a 401
			// to
			// the caller's own credentials means they are gone
			boolean spent = (UNSAFE_METHODS.contains(operation.method()) && answer.status() / 100 == 2)
					|| (answer.status() == 401 && (mode == Mode.TOKEN || !operation.secured()));
			if (spent) {
				caller.renew();
			}
			Sent sent = new Sent(operation, fuzzCase.variant(), mode, path, draft.contentType, body);
			for (String problem : problems(operation, answer)) {
				this.failures.add(new Failure(sent, answer, problem));
			}
		}

		private List<String> problems(Operation operation, Answer answer) {
			List<String> problems = new ArrayList<>();
			int status = answer.status();
			if (answer.error() != null) {
				problems.add("no answer: " + answer.error());
				return problems;
			}
			JsonNode responses = operation.node().path("responses");
			JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status))
					: responses.has((status / 100) + "XX") ? responses.get((status / 100) + "XX")
							: responses.get("default");
			if (status >= 500) {
				problems.add("a 5xx");
			}
			else if (response == null) {
				problems.add("status " + status + " not documented (documented: " + responses.propertyNames() + ")");
			}
			String text = new String(answer.body(), StandardCharsets.UTF_8);
			if (status >= 400 && status < 500) {
				if (answer.contentType() == null || !answer.contentType()
					.toLowerCase(Locale.ROOT)
					.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
					problems.add("a 4xx whose Content-Type is " + answer.contentType() + ", not problem details");
				}
				JsonNode problem = parse(answer.body());
				if (problem == null || !problem.path("status").isIntegralNumber()
						|| problem.path("status").asInt() != status) {
					problems.add("a 4xx whose body's status is not " + status);
				}
			}
			if (status >= 200 && status < 300 && status != 204 && response != null) {
				successBodyProblems(response, answer, problems);
			}
			for (String leak : LEAKS) {
				if (text.contains(leak)) {
					problems.add("the body contains \"" + leak + "\"");
				}
			}
			return problems;
		}

		/** A success's body has every field its documented schema lists. */
		private void successBodyProblems(JsonNode response, Answer answer, List<String> problems) {
			JsonNode content = response.path("content");
			String type = content.propertyNames()
				.stream()
				.filter(OpenApiFuzzIntegrationTests::isJson)
				.findFirst()
				.orElse(null);
			if (type == null) {
				return;
			}
			JsonNode schema = resolve(content.path(type).path("schema"));
			JsonNode body = parse(answer.body());
			if (body == null) {
				problems.add("a success whose body is not JSON");
				return;
			}
			if (schema.has("items") || "array".equals(schema.path("type").asString())) {
				if (!body.isArray()) {
					problems.add("a success whose body is not the documented array");
					return;
				}
				schema = resolve(schema.path("items"));
				if (body.isEmpty()) {
					return;
				}
				body = body.get(0);
			}
			for (String field : properties(schema).keySet()) {
				if (!body.isObject() || !body.has(field)) {
					problems.add("a success without the documented field " + field);
				}
			}
		}

		private @Nullable JsonNode parse(byte[] body) {
			try {
				return (body.length > 0) ? OpenApiFuzzIntegrationTests.this.json.readTree(body) : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}

		private byte[] rawInFirstField(Draft draft, int... raw) {
			String name = draft.fields.isEmpty() ? "a" : draft.fields.keySet().iterator().next();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.writeBytes(utf8("{" + jsonString(name) + ": \"a"));
			for (int b : raw) {
				body.write(b);
			}
			body.writeBytes(utf8("b\"}"));
			return body.toByteArray();
		}

	}

	/**
	 * An account of one operation's, so that no operation ends another's sessions, and
	 * the valid values of that operation's requests. Its session and its post are kept
	 * until a request may have used them up.
	 */
	private final class Caller {

		private String userId;

		private @Nullable Tokens session;

		private @Nullable Integer postId;

		Caller() {
			this.userId = register();
			postId(); // so that the caller's listings have a post whose fields can be
						// checked
		}

		/**
		 * A valid value for a parameter or field: a real one where it must be real (a
		 * post of the caller's, a refresh token of theirs, a new account's user_id), else
		 * one its schema allows.
		 */
		Object valid(String name, JsonNode schema) {
			return switch (name) {
				case "post_id" -> postId();
				case "user_id" -> Accounts.uniqueUserId("fuzz");
				case "email" -> Accounts.uniqueUserId("fuzz") + "@example.com";
				case "username" -> {
					session(); // the account's password may have been changed: then a new
								// one
					yield this.userId;
				}
				case "password", "current_password", "new_password" -> Accounts.PASSWORD;
				case "refresh_token" -> session().refreshToken();
				default -> fromSchema(schema);
			};
		}

		Tokens session() {
			if (this.session == null) {
				this.session = login();
			}
			return this.session;
		}

		int postId() {
			if (this.postId == null) {
				OpenApiFuzzIntegrationTests.this.setUpRequests++;
				this.postId = PostsApi.create(OpenApiFuzzIntegrationTests.this.client, session().accessToken(),
						"A post to fuzz");
			}
			return this.postId;
		}

		/**
		 * Forgets the session and the post, after a request that may have ended or
		 * deleted them, or a refusal of the session.
		 */
		void renew() {
			this.session = null;
			this.postId = null;
		}

		/**
		 * A new session; a new account's if a fuzzed password change did change the
		 * password.
		 */
		private Tokens login() {
			Tokens tokens = tryLogin();
			if (tokens == null) {
				this.userId = register();
				tokens = tryLogin();
			}
			assertThat(tokens).as("a login of the fuzzing account").isNotNull();
			return tokens;
		}

		private String register() {
			OpenApiFuzzIntegrationTests.this.setUpRequests++;
			return Accounts.register(OpenApiFuzzIntegrationTests.this.client, Accounts.uniqueUserId("fuzz"));
		}

		private @Nullable Tokens tryLogin() {
			OpenApiFuzzIntegrationTests.this.setUpRequests++;
			var result = OpenApiFuzzIntegrationTests.this.client.post()
				.uri("/login")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(Accounts.form("username", this.userId, "password", Accounts.PASSWORD))
				.exchange()
				.expectBody(Map.class)
				.returnResult();
			return (result.getStatus().value() == 200) ? Tokens.of(result.getResponseBody()) : null;
		}

		private Object fromSchema(JsonNode schema) {
			for (JsonNode candidate : List.of(schema.path("example"), schema.path("default"),
					schema.path("enum").path(0))) {
				if (!candidate.isMissingNode() && !candidate.isNull()) {
					return candidate.isIntegralNumber() ? candidate.asLong()
							: candidate.isNumber() ? candidate.decimalValue() : candidate.asString();
				}
			}
			String type = schema.path("type").isArray() ? schema.path("type").path(0).asString()
					: schema.path("type").asString();
			return switch (type) {
				case "integer", "number" -> schema.has("minimum") ? schema.get("minimum").asLong() : 1L;
				case "boolean" -> true;
				default ->
					"email".equals(schema.path("format").asString()) ? Accounts.uniqueUserId("fuzz") + "@example.com"
							: "fuzz" + "z".repeat(Math.max(0, schema.path("minLength").asInt(0) - 4));
			};
		}

	}

	/** A request under construction: valid values first, then a case's hostile change. */
	private static final class Draft {

		final Map<String, String> path = new LinkedHashMap<>();

		final List<String> query = new ArrayList<>();

		final Map<String, Value> fields = new LinkedHashMap<>();

		Format format = Format.NONE;

		@Nullable String contentType;

		byte @Nullable [] body;

		boolean noBody;

		boolean trailingSlash;

		@Nullable String authorization;

		void as(Format format) {
			this.format = format;
			this.contentType = format.contentType;
		}

		/** Replaces a query parameter's value, or leaves only its name when null. */
		void replaceQuery(String name, @Nullable String encoded) {
			this.query.removeIf(pair -> pair.startsWith(name + "="));
			this.query.add((encoded != null) ? name + "=" + encoded : name);
		}

		String render(Format format) {
			return switch (format) {
				case JSON -> this.fields.entrySet()
					.stream()
					.map(field -> jsonString(field.getKey()) + ": " + field.getValue().json())
					.collect(Collectors.joining(", ", "{", "}"));
				case FORM -> this.fields.entrySet()
					.stream()
					.map(field -> percentEncode(field.getKey()) + "=" + field.getValue().encoded())
					.collect(Collectors.joining("&"));
				case MULTIPART -> this.fields.entrySet()
					.stream()
					.map(field -> "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
							+ "\"\r\n\r\n" + field.getValue().text() + "\r\n")
					.collect(Collectors.joining("", "", "--" + BOUNDARY + "--\r\n"));
				case XML -> this.fields.entrySet()
					.stream()
					.map(field -> "<" + field.getKey() + ">" + field.getValue().text() + "</" + field.getKey() + ">")
					.collect(Collectors.joining("", "<?xml version=\"1.0\"?><request>", "</request>"));
				case NONE -> "";
			};
		}

	}

	/** The ways a body is written. */
	private enum Format {

		NONE(null), JSON(MediaType.APPLICATION_JSON_VALUE), FORM(MediaType.APPLICATION_FORM_URLENCODED_VALUE),
		MULTIPART(MediaType.MULTIPART_FORM_DATA_VALUE + "; boundary=" + BOUNDARY), XML(MediaType.APPLICATION_XML_VALUE);

		final @Nullable String contentType;

		Format(@Nullable String contentType) {
			this.contentType = contentType;
		}

		static Format of(String mediaType) {
			String type = mediaType.toLowerCase(Locale.ROOT);
			if (isJson(type)) {
				return JSON;
			}
			if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
				return FORM;
			}
			if (type.startsWith("multipart/")) {
				return MULTIPART;
			}
			return type.contains("xml") ? XML : NONE;
		}

	}

	/** How a request is authorized. */
	private enum Mode {

		/** A valid bearer token of the caller's. */
		TOKEN("with a token"),
		/** No Authorization header. */
		NO_TOKEN("without a token"),
		/** The case's own Authorization header. */
		GIVEN("with the case's Authorization");

		final String label;

		Mode(String label) {
			this.label = label;
		}

	}

	/**
	 * One hostile change to a valid request; or, with {@code authorization}, the valid
	 * request with that Authorization header.
	 */
	private record Case(String variant, @Nullable Consumer<Draft> mutation, @Nullable String authorization) {

		Case(String variant, Consumer<Draft> mutation) {
			this(variant, mutation, null);
		}

		Case(String variant, String authorization) {
			this(variant, null, authorization);
		}

	}

	/**
	 * A value as a request carries it: a JSON fragment, percent-encoded text (path,
	 * query, form), and plain text (multipart, XML).
	 */
	private record Value(String label, String json, String encoded, String text) {

		static Value of(Object value) {
			if (value instanceof String text) {
				return new Value("a string", jsonString(text), percentEncode(text), text);
			}
			return raw("a number", value.toString());
		}

		static Value text(String label, String text) {
			return new Value(label, jsonString(text), percentEncode(text), text);
		}

		/** Written as is in JSON; as its text elsewhere. */
		static Value raw(String label, String json) {
			return new Value(label, json, percentEncode(json), json);
		}

	}

	private record Operation(String method, String path, JsonNode node, boolean secured, List<JsonNode> parameters) {

		String label() {
			return this.method + " " + this.path;
		}

	}

	private record Sent(Operation operation, String variant, Mode mode, String pathAndQuery,
			@Nullable String contentType, byte @Nullable [] body) {

	}

	private record Answer(int status, @Nullable String contentType, byte[] body, @Nullable String error) {

	}

	private record Failure(Sent sent, Answer answer, String problem) {

		@Override
		public String toString() {
			return this.sent.operation().label() + ", " + this.sent.variant() + ", " + this.sent.mode().label + ": "
					+ this.answer.status() + " " + this.answer.contentType() + ": " + this.problem + "\n      request: "
					+ this.sent.operation().method() + " " + excerpt(this.sent.pathAndQuery(), 160)
					+ " | Content-Type: " + this.sent.contentType() + " | body: "
					+ ((this.sent.body() != null) ? excerpt(this.sent.body(), 200) : "none") + "\n      answer: "
					+ excerpt(this.answer.body(), 300);
		}

	}

	private record Campaign(List<Operation> operations, List<Failure> failures, Map<String, Integer> requests,
			Map<String, Set<Integer>> statuses, Map<Mode, Integer> modes, int setUpRequests, Duration took) {

		int total() {
			return this.requests.values().stream().mapToInt(Integer::intValue).sum();
		}

		String summary() {
			StringBuilder summary = new StringBuilder("OpenAPI fuzz: " + this.operations.size() + " operations, "
					+ total() + " hostile requests ("
					+ this.modes.entrySet()
						.stream()
						.map(mode -> mode.getValue() + " " + mode.getKey().label)
						.collect(Collectors.joining(", "))
					+ ") and " + this.setUpRequests + " to set them up, in " + this.took.toMillis() + " ms, "
					+ this.failures.size() + " failures");
			this.requests.forEach((operation, count) -> summary.append("\n  ")
				.append(operation)
				.append(": ")
				.append(count)
				.append(" requests, statuses ")
				.append(this.statuses.get(operation)));
			return summary.toString();
		}

		/** The kinds of failure with their counts, then the first failures in full. */
		String report(int max) {
			int shown = Math.min(this.failures.size(), max);
			String kinds = this.failures.stream()
				.collect(Collectors.groupingBy(
						f -> f.sent().operation().label() + ": " + f.problem().replaceAll(" \\(documented: .*", ""),
						TreeMap::new, Collectors.counting()))
				.entrySet()
				.stream()
				.map(kind -> "  " + kind.getValue() + " x " + kind.getKey())
				.collect(Collectors.joining("\n"));
			return this.failures.size() + " of " + total() + " hostile requests got a wrong answer\n" + kinds + "\n\n"
					+ this.failures.subList(0, shown)
						.stream()
						.map(failure -> "- " + failure)
						.collect(Collectors.joining("\n"))
					+ ((shown < this.failures.size()) ? "\n... and " + (this.failures.size() - shown) + " more" : "");
		}

	}

	// ---- hostile values and encodings

	private static List<Value> hostileValues(Random random) {
		List<Value> values = new ArrayList<>(List.of(Value.text("a string", "abc"), Value.raw("a number", "123"),
				Value.raw("true", "true"), Value.raw("null", "null"), Value.raw("an array", "[\"a\", 1]"),
				Value.raw("an object", "{\"a\": 1}"), Value.text("an empty string", ""),
				Value.text("a blank string", "   "), Value.text("a NUL", "a\u0000b"),
				Value.text("a lone high surrogate", "a\ud800b"), Value.text("a lone low surrogate", "\udc00"),
				Value.raw("a huge integer", "99999999999999999999"),
				Value.raw("a huge negative integer", "-99999999999999999999"), Value.raw("2^31", "2147483648"),
				Value.raw("2^63", "9223372036854775808"), Value.raw("-1", "-1"), Value.raw("0", "0"),
				Value.raw("a float", "1.5"), Value.raw("1e400", "1e400"), Value.raw("-1e-400", "-1e-400"),
				Value.text("10,000 characters", "a".repeat(10_000)), Value.raw("10,000 digits", "9".repeat(10_000)),
				Value.raw("10,000 nested arrays, unclosed", "[".repeat(10_000)),
				Value.raw("1,000 nested arrays", "[".repeat(1000) + "]".repeat(1000)),
				Value.text("quotes, backslashes, line breaks and markup", "a\"b\\c\r\n<script>'--"),
				Value.text("SQL and LIKE wildcards", "' OR '1'='1' -- %_\\"),
				Value.text("control and invisible characters", "\u0001\u001f\u007f\u0085\u200b\u2028\u202e\ufeff"),
				Value.text("an emoji", "\uD83D\uDE00")));
		for (int i = 0; i < 3; i++) {
			values.add(Value.raw("a random integer (" + i + ")", String.valueOf(random.nextLong())));
			values.add(Value.text("a random string (" + i + ")", randomString(random, 1 + random.nextInt(40))));
		}
		return values;
	}

	private static String randomString(Random random, int length) {
		String pool = "aZ09 _-.~%&=+?#/\\\"'<>{}[],:;\u0000\u0001\u001f\u007f\u00e9\u4e2d\u0301\u202e\ufeff\ufffd";
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			switch (random.nextInt(6)) {
				// a lone surrogate
				case 0 -> text.append((char) (0xD800 + random.nextInt(0x800)));
				// an emoji: a surrogate pair
				case 1 -> text.appendCodePoint(0x1F600 + random.nextInt(0x50));
				default -> text.append(pool.charAt(random.nextInt(pool.length())));
			}
		}
		return text.toString();
	}

	/** Some bytes of the body flipped, dropped or repeated. */
	private static byte[] mutate(byte[] body, Random random) {
		ByteArrayOutputStream mutated = new ByteArrayOutputStream();
		for (byte b : body) {
			switch (random.nextInt(12)) {
				case 0 -> mutated.write(b ^ (1 << random.nextInt(8)));
				case 1 -> {
					// dropped
				}
				case 2 -> {
					mutated.write(b);
					mutated.write(b);
				}
				default -> mutated.write(b);
			}
		}
		return mutated.toByteArray();
	}

	/** A JSON string of pure ASCII: everything else escaped, lone surrogates included. */
	static String jsonString(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c >= 0x7f) {
				json.append("\\u").append(HexFormat.of().toHexDigits(c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	/**
	 * Percent-encoded UTF-8; a lone surrogate becomes the three bytes a lax encoder would
	 * write (%ED%A0%80), which no valid UTF-8 contains.
	 */
	static String percentEncode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				encoded.append(c);
				continue;
			}
			int codePoint = c;
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				codePoint = Character.toCodePoint(c, text.charAt(++i));
			}
			for (int b : utf8Bytes(codePoint)) {
				encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
			}
		}
		return encoded.toString();
	}

	private static int[] utf8Bytes(int codePoint) {
		if (codePoint < 0x80) {
			return new int[] { codePoint };
		}
		if (codePoint < 0x800) {
			return new int[] { 0xC0 | (codePoint >> 6), 0x80 | (codePoint & 0x3F) };
		}
		if (codePoint < 0x10000) {
			return new int[] { 0xE0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3F), 0x80 | (codePoint & 0x3F) };
		}
		return new int[] { 0xF0 | (codePoint >> 18), 0x80 | ((codePoint >> 12) & 0x3F),
				0x80 | ((codePoint >> 6) & 0x3F), 0x80 | (codePoint & 0x3F) };
	}

	/**
	 * The token with one character of its signature changed (not the last, whose low bits
	 * are padding that a decoder may ignore).
	 */
	private static String tampered(String token) {
		int at = token.length() - 5;
		return "Bearer " + token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
	}

	static boolean isJson(String mediaType) {
		String type = mediaType.toLowerCase(Locale.ROOT);
		return type.startsWith(MediaType.APPLICATION_JSON_VALUE) || type.matches("application/[^;]*\\+json.*");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The start of some bytes as text a report can show (controls and bytes that are not
	 * UTF-8 escaped), and their length when cut.
	 */
	private static String excerpt(byte[] bytes, int max) {
		StringBuilder text = new StringBuilder();
		String decoded = new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
		for (char c : decoded.toCharArray()) {
			text.append((c < 0x20 || c == 0x7f || c == '\ufffd') ? "\\u" + HexFormat.of().toHexDigits(c) : c);
		}
		return text + ((bytes.length > max) ? "...(" + bytes.length + " bytes)" : "");
	}

	private static String excerpt(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
	}

}
