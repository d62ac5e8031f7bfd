package dev.postsapi.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request has an id: answered in {@code X-Request-Id}, in every problem body as
 * {@code request_id}, and on every log line of the request (text and JSON), also those
 * logged while its password is hashed on a thread of its own. The login limit is small
 * here so that a log line of a request is quick to provoke.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "auth.limits.login-failures-per-account-and-address=3")
class RequestIdIntegrationTests {

	private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");

	@Autowired
	RestTestClient client;

	@Autowired
	JsonMapper json;

	@LocalServerPort
	int port;

	String user;

	String token;

	@BeforeEach
	void aUserWithAToken() {
		this.user = Accounts.uniqueUserId("rid");
		this.token = Accounts.registerAndLogin(this.client, this.user);
	}

	@Test
	void problemWhenAnyKindOfErrorThenItsRequestIdIsTheHeadersAndNewForEachRequest() throws Exception {
		String bearer = "Bearer " + this.token;
		Map<String, Answer> answers = new LinkedHashMap<>();
		// the security chain's entry point
		answers.put("401 no token", send("GET", "/users/me", Map.of(), null));
		answers.put("401 bad token", send("GET", "/users/me", Map.of("Authorization", "Bearer nonsense"), null));
		// the exception handler: Spring's exceptions and the features'
		answers.put("404 no route", send("GET", "/nowhere", Map.of("Authorization", bearer), null));
		answers.put("404 no post", send("GET", "/posts/2147483000", Map.of("Authorization", bearer), null));
		answers.put("405", send("DELETE", "/users", Map.of(), null));
		answers.put("422", send("POST", "/posts", Map.of("Authorization", bearer, "Content-Type", "application/json"),
				"{\"post_data\":\"\"}"));
		answers.put("400 not JSON",
				send("POST", "/posts", Map.of("Authorization", bearer, "Content-Type", "application/json"), "{"));
		answers.put("415", send("POST", "/posts", Map.of("Authorization", bearer, "Content-Type", "text/plain"), "x"));
		// a filter (the body screen)
		answers.put("415 wildcard", send("POST", "/posts", Map.of("Authorization", bearer, "Content-Type", "*/*"),
				"{\"post_data\":\"x\"}"));
		answers.put("413", raw("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 2000000\r\nConnection: close\r\n\r\n"));
		// the error controller, on the error dispatch after the firewall's sendError
		answers.put("400 firewall", send("GET", "/posts/1%252", Map.of("Authorization", bearer), null));
		// Tomcat's error valve: refused before any filter ran
		answers.put("400 Tomcat", raw("GET /users/% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
		Set<String> ids = new HashSet<>();
		answers.forEach((name, answer) -> {
			assertThat(answer.status()).as(name).isBetween(400, 499);
			assertThat(answer.status()).as(name).isEqualTo(Integer.parseInt(name.substring(0, 3)));
			assertThat(answer.contentType()).as(name).startsWith("application/problem+json");
			assertThat(answer.headerId()).as(name).matches(GENERATED);
			assertThat(answer.bodyId()).as(name).isEqualTo(answer.headerId());
			ids.add(answer.headerId());
		});
		assertThat(ids).hasSize(answers.size());
	}

	@Test
	void requestWhenItBringsASaneIdThenThatIdIsUsed() throws Exception {
		for (String id : List.of("a", "0af7651916cd43dd8448eb211c80319c", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
				"req_1.2:3-Z", "x".repeat(64))) {
			Answer problem = send("GET", "/users/me", Map.of("X-Request-Id", id), null);
			assertThat(problem.status()).isEqualTo(401);
			assertThat(problem.headerId()).isEqualTo(id);
			assertThat(problem.bodyId()).isEqualTo(id);
			Answer success = send("GET", "/posts/all",
					Map.of("X-Request-Id", id, "Authorization", "Bearer " + this.token), null);
			assertThat(success.status()).isEqualTo(200);
			assertThat(success.headerId()).isEqualTo(id);
		}
	}

	@Test
	void requestWhenItBringsAnInsaneIdThenANewOneIsGiven() throws Exception {
		for (String id : List.of("", " ", "a b", "x".repeat(65), "<script>alert(1)</script>", "a\"b", "a/b", "a,b",
				"${jndi:ldap://x}", "%0d%0aSet-Cookie:x")) {
			Answer problem = send("GET", "/users/me", Map.of("X-Request-Id", id), null);
			assertThat(problem.status()).as(id).isEqualTo(401);
			assertThat(problem.headerId()).as(id).matches(GENERATED);
			assertThat(problem.bodyId()).as(id).isEqualTo(problem.headerId());
		}
		// bytes no HTTP client would send: not UTF-8 text, and a control character
		for (String id : List.of("caf\u00e9", "a\u0001b")) {
			Answer problem = raw("GET /users/me HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + id
					+ "\r\nConnection: close\r\n\r\n");
			assertThat(problem.status()).as(id).isBetween(400, 401);
			assertThat(problem.headerId()).as(id).matches(GENERATED);
			assertThat(problem.bodyId()).as(id).isEqualTo(problem.headerId());
		}
	}

	@Test
	void logLineWhenLoggedDuringARequestThenCarriesItsId(CapturedOutput output) throws Exception {
		// the third failure reaches the limit: logged on the hashing thread
		for (int i = 1; i <= 3; i++) {
			assertThat(failLogin("attempt-" + i).status()).isEqualTo(401);
		}
		Answer refused = failLogin("attempt-4");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.bodyId()).isEqualTo("attempt-4");
		List<String> lines = output.getOut()
			.lines()
			.filter(line -> line.contains("Limit login-account-address reached"))
			.toList();
		assertThat(lines).hasSize(1);
		assertThat(lines.getFirst()).contains("[attempt-3] ");
	}

	@Test
	void jsonLogLineWhenLoggedDuringARequestThenHasTheRequestIdField() throws Exception {
		Accounts.Tokens tokens = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		List<JsonNode> lines = jsonLogLines(() -> {
			// the refresh token replayed: logged on the request's own thread
			assertThat(refresh(tokens.refreshToken(), "json-refresh").status()).isEqualTo(200);
			assertThat(refresh(tokens.refreshToken(), "json-replay").status()).isEqualTo(401);
			// the third failed login reaches the limit: logged on the hashing thread
			for (int i = 1; i <= 3; i++) {
				failLogin("json-attempt-" + i);
			}
		});
		assertThat(lines).filteredOn(line -> line.path("message").asString().startsWith("Limit login-account-address"))
			.singleElement()
			.satisfies(line -> assertThat(line.path("request_id").asString()).isEqualTo("json-attempt-3"));
		assertThat(lines).filteredOn(line -> line.path("message").asString().startsWith("A used refresh token"))
			.singleElement()
			.satisfies(line -> assertThat(line.path("request_id").asString()).isEqualTo("json-replay"));
	}

	private Answer failLogin(String requestId) throws Exception {
		return send("POST", "/login",
				Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Request-Id", requestId),
				Accounts.form("username", this.user, "password", "wrong_password"));
	}

	private Answer refresh(String refreshToken, String requestId) throws Exception {
		return send("POST", "/token/refresh", Map.of("Content-Type", "application/json", "X-Request-Id", requestId),
				"{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	/**
	 * The application's log lines while {@code work} runs, as Spring Boot's ECS JSON
	 * format writes them (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs).
	 */
	private List<JsonNode> jsonLogLines(ThrowingRunnable work) throws Exception {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.start();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(context);
		appender.setEncoder(encoder);
		appender.setOutputStream(bytes);
		appender.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(appender);
		try {
			work.run();
		}
		finally {
			root.detachAppender(appender);
			appender.stop();
		}
		List<JsonNode> lines = new ArrayList<>();
		for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
			if (!line.isBlank()) {
				lines.add(this.json.readTree(line));
			}
		}
		return lines;
	}

	private Answer send(String method, String path, Map<String, String> headers, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("X-Request-Id").orElse(null), bodyId(response.body()));
		}
	}

	/** What no HTTP client would send, over a socket; the answer read as text. */
	private Answer raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			// no body follows, whatever Content-Length says
			socket.shutdownOutput();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new Answer(Integer.parseInt(answer.substring(9, 12)), header(answer, "Content-Type"),
					header(answer, "X-Request-Id"), bodyId(answer));
		}
	}

	private static String header(String answer, String name) {
		Matcher matcher = Pattern.compile("(?im)^" + name + ": *([^\\r\\n]*)").matcher(answer);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String bodyId(String text) {
		Matcher matcher = Pattern.compile("\"request_id\":\"([^\"]*)\"").matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	private record Answer(int status, String contentType, String headerId, String bodyId) {
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
