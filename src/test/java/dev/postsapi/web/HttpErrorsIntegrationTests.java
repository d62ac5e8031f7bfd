package dev.postsapi.web;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests that never reach a controller still get problem details, never a 500. */
@IntegrationTest
class HttpErrorsIntegrationTests {

	/** Over the 1 MB default of app.requests.max-body-size. */
	private static final int TOO_LARGE = 1024 * 1024 + 1;

	/** Over the 64 KB a form or multipart body may hold. */
	private static final int FORM_TOO_LARGE = 64 * 1024 + 1;

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@Test
	void requestWhenContentLengthOverLimitThen413() {
		String userId = Accounts.uniqueUserId("big");
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(registration(userId, "x".repeat(TOO_LARGE)))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			// answered before Spring Security's chain, with the headers it gives
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.valueEquals("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat(detail.toString()).contains("1048576 bytes"));
		assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId)).isZero();
	}

	@Test
	void requestWhenChunkedBodyOverLimitThen413() throws Exception {
		String userId = Accounts.uniqueUserId("chunked");
		// white space, which no string holds: only the body's size is wrong
		byte[] body = registration(userId, "chunked@example.com").replace(",", "," + " ".repeat(TOO_LARGE)).getBytes();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/users"))
			.header("Content-Type", "application/json")
			// sent chunked (no length up front): only counting while reading catches it
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, userId)).isZero();
	}

	@Test
	void formOrMultipartWhenOverTheFormLimitThen413BeforeAnyAuthentication() throws Exception {
		String userId = Accounts.register(client, Accounts.uniqueUserId("multipart"));
		String credentials = "username=" + userId + "&password=" + Accounts.PASSWORD;
		// within the limit, a multipart or form login is read as the original read it
		assertThat(sendChunked("/login", multipart(userId, 1), "multipart/form-data; boundary=b").statusCode())
			.isEqualTo(200);
		assertThat(
				sendChunked("/login", credentials.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
					.statusCode())
			.isEqualTo(200);
		// far under the body limit, but more than a login needs, which Tomcat would hold
		// until the answer: sent chunked, so Tomcat counts them while parsing, before any
		// filter could (two files, each under the form limit, and a form), and with its
		// length
		byte[] largeForm = (credentials + "&padding=" + "x".repeat(FORM_TOO_LARGE)).getBytes(StandardCharsets.UTF_8);
		List<HttpResponse<String>> refused = List.of(
				sendChunked("/login", multipart(userId, 2), "multipart/form-data; boundary=b"),
				sendChunked("/posts", multipart(userId, 2), "multipart/form-data; boundary=b"),
				sendChunked("/login", largeForm, "application/x-www-form-urlencoded"),
				send("/login", largeForm, "application/x-www-form-urlencoded"));
		for (HttpResponse<String> response : refused) {
			assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void downloadWhenTheClientLeavesMidwayThenNothingLogged(CapturedOutput output) throws Exception {
		for (int i = 0; i < 3; i++) {
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.setSoLinger(true, 0); // a reset, not a close, once 4 KB are read
				socket.getOutputStream()
					.write("GET /swagger-ui/swagger-ui-bundle.js HTTP/1.1\r\nHost: localhost\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
				assertThat(socket.getInputStream().readNBytes(4096)).hasSize(4096);
			}
		}
		// the service writes on into the reset connection, and fails, within
		// milliseconds:
		// each failure was an ERROR with a 25 KB stack trace, a log any client could fill
		Thread.sleep(1000);
		assertThat(output).doesNotContain("Unhandled exception").doesNotContain("ClientAbortException");
	}

	@Test
	void errorWhenAcceptHeaderCannotBeParsedThenStillProblemDetails() {
		// refused before the handler runs, as any Accept no answer can meet
		client.post()
			.uri("/users")
			.header("Accept", "application/json;q=x")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_ACCEPTABLE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(406);
	}

	@Test
	void requestWhenBodyJustUnderLimitThenReadAndItsLongStringRefusedByName() {
		// under the limit the body is read, up to the longest string any field takes:
		// past
		// it Jackson stops holding the 1 MB e-mail, a 422 naming it
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(registration("under", "x".repeat(1024 * 1024 - 200)))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("email")
			.jsonPath("$.errors[0].message")
			.isEqualTo("is too long");
		// a key as long is refused as the body's
		client.post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"" + "k".repeat(2_000) + "\": 1}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
	}

	@Test
	void requestWhenMethodNotSupportedThen405Problem() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("method"));
		client.patch()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void loginWhenMethodIsNotPostThen405WithAllowEvenWithoutAToken() {
		for (String path : List.of("/login", "/login/")) {
			client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
				.expectHeader()
				.valueEquals("Allow", "POST")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(405);
		}
		client.delete().uri("/users").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
	}

	@Test
	void requestWhenTomcatRefusesItThen400Problem() throws Exception {
		// broken percent-encoding never reaches a servlet; no HTTP client sends it
		assertThat(sendRaw("GET /users/% HTTP/1.1\r\nHost: localhost\r\n")).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/problem+json")
			.contains("X-Content-Type-Options: nosniff")
			.contains("X-Frame-Options: DENY")
			.contains("Referrer-Policy: no-referrer")
			.contains("Cache-Control: no-cache, no-store, max-age=0, must-revalidate")
			.contains("\"status\":400")
			// the path it refused, quoted
			.contains("\"instance\":\"/users/%25\"")
			.doesNotContain("<html");
	}

	@Test
	void connectWhenSentThen501ProblemSayingSoNotAnError() throws Exception {
		// Tomcat answers CONNECT itself: the service is no proxy
		assertThat(sendRaw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n")).startsWith("HTTP/1.1 501")
			.contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"Not Implemented\"")
			.doesNotContain("unexpected");
	}

	/**
	 * A client that asks before it sends a body, and sends it on Tomcat's 100, as curl
	 * does: an answer that needs no body (a logout everywhere) leaves the connection
	 * ready for the next request. Told to go on only when the body is read, the client
	 * got its 204 first, sent no body, and Tomcat took the next request for it.
	 */
	@Test
	void requestWhenClientExpectsContinueThenItsConnectionServesTheNextRequest() throws Exception {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("expect"));
		byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write(("POST /logout/all HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\nExpect: 100-continue\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String first = headOf(socket);
			if (first.startsWith("HTTP/1.1 100")) {
				socket.getOutputStream().write(body);
				first = headOf(socket);
			}
			assertThat(first).startsWith("HTTP/1.1 204");
			socket.getOutputStream()
				.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.startsWith("HTTP/1.1 200");
		}
	}

	/** An answer's status line and headers, read up to the blank line. */
	private static String headOf(Socket socket) throws Exception {
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int read = socket.getInputStream().read();
			if (read < 0) {
				break;
			}
			head.append((char) read);
		}
		return head.toString();
	}

	/**
	 * The answer to a request no HTTP client would send: its line and headers as given.
	 */
	private String sendRaw(String requestLineAndHeaders) throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			socket.getOutputStream()
				.write((requestLineAndHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** A login form with files of 0.6 MB each. */
	private static byte[] multipart(String userId, int files) {
		String field = "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n";
		String file = "--b\r\nContent-Disposition: form-data; name=\"f%d\"; filename=\"f%1$d.bin\"\r\n\r\n%s\r\n";
		StringBuilder body = new StringBuilder(field.formatted("username", userId))
			.append(field.formatted("password", Accounts.PASSWORD));
		for (int i = 0; i < files; i++) {
			body.append(file.formatted(i, "x".repeat(40_000)));
		}
		return body.append("--b--\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(String path, byte[] body, String contentType) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	private HttpResponse<String> sendChunked(String path, byte[] body, String contentType) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	private static String registration(String userId, String email) {
		return "{\"user_id\":\"" + userId + "\",\"email\":\"" + email + "\",\"password\":\"strong_password\"}";
	}

}
