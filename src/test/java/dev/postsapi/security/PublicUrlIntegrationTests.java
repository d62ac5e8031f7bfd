package dev.postsapi.security;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.KubernetesDeployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code APP_PUBLIC_URL} set, the 401's link to the protected-resource metadata and
 * the metadata's {@code resource} name it, whatever {@code Host} the request sent; unset,
 * they name the host the request was sent to.
 */
class PublicUrlIntegrationTests {

	private static final String METADATA = "/.well-known/oauth-protected-resource";

	/** Sent as is over a socket: HTTP clients will not let a caller set Host. */
	static String get(int port, String path, String host, String... headers) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	static String header(String answer, String name) {
		Matcher matcher = Pattern.compile("(?im)^" + name + ": *([^\\r\\n]*)").matcher(answer);
		assertThat(matcher.find()).as("%s in %s", name, answer).isTrue();
		return matcher.group(1);
	}

	static Map<String, Object> body(JsonMapper json, String answer) {
		return json.readValue(answer.substring(answer.indexOf("\r\n\r\n") + 4), new TypeReference<>() {
		});
	}

	@Nested
	@KubernetesDeployment
	class WithAPublicUrl {

		@LocalServerPort
		int port;

		@Autowired
		JsonMapper json;

		@Test
		void unauthorizedWhenAnyHostThenTheMetadataLinkIsOnThePublicUrl() throws IOException {
			for (String[] headers : new String[][] { {}, { "Authorization: Bearer not.a.token" } }) {
				String answer = get(this.port, "/users/me", "attacker.example", headers);
				assertThat(answer).startsWith("HTTP/1.1 401");
				assertThat(header(answer, "WWW-Authenticate"))
					.contains("resource_metadata=\"" + KubernetesDeployment.PUBLIC_URL + METADATA + "\"")
					.doesNotContain("attacker");
			}
		}

		@Test
		void metadataWhenAnyHostThenThePublicUrlIsTheResource() throws IOException {
			String answer = get(this.port, METADATA, "attacker.example");
			assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("attacker");
			assertThat(body(this.json, answer)).containsEntry("resource", KubernetesDeployment.PUBLIC_URL);
		}

	}

	@Nested
	@IntegrationTest
	class WithoutAPublicUrl {

		@LocalServerPort
		int port;

		@Autowired
		JsonMapper json;

		@Test
		void unauthorizedThenTheMetadataLinkIsOnTheRequestsHost() throws IOException {
			String answer = get(this.port, "/users/me", "localhost:" + this.port);
			assertThat(answer).startsWith("HTTP/1.1 401");
			assertThat(header(answer, "WWW-Authenticate"))
				.contains("resource_metadata=\"http://localhost:" + this.port + METADATA + "\"");
		}

		@Test
		void metadataThenTheRequestsHostIsTheResource() throws IOException {
			String answer = get(this.port, METADATA, "localhost:" + this.port);
			assertThat(answer).startsWith("HTTP/1.1 200");
			assertThat(body(this.json, answer)).containsEntry("resource", "http://localhost:" + this.port);
		}

	}

}
