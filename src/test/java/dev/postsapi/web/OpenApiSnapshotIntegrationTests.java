package dev.postsapi.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code docs/openapi.json} is the service's {@code /openapi.json}, checked in, so that a
 * change of the contract shows in review. They are compared byte for byte, key order
 * included (a generated Java client takes a form's fields as parameters in their order);
 * a difference fails with the places that differ and the command that rewrites the file,
 * {@value #REFRESH_COMMAND}, which runs this test with
 * {@code -D}{@value #WRITE_PROPERTY}{@code =true}. The document is served as with
 * {@code APP_PUBLIC_URL=}{@value #PUBLIC_URL}, a local run's address, so that a client
 * generated from the file targets a local run.
 */
@IntegrationTest
@TestPropertySource(properties = "app.public-url=" + OpenApiSnapshotIntegrationTests.PUBLIC_URL)
class OpenApiSnapshotIntegrationTests {

	/** Relative to the project's directory, where the build runs the tests. */
	static final Path SNAPSHOT = Path.of("docs", "openapi.json");

	/** Set to true, the test writes the snapshot instead of comparing with it. */
	static final String WRITE_PROPERTY = "openapi.snapshot.write";

	static final String REFRESH_COMMAND = "bin/refresh-openapi.sh";

	/** Where {@code ./mvnw spring-boot:test-run} serves the API. */
	static final String PUBLIC_URL = "http://localhost:8000";

	/** The differences a failure lists; the rest are counted. */
	private static final int SHOWN_DIFFERENCES = 20;

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	@Test
	void openApiThenSameBytesAsTheCheckedInSnapshot() throws IOException {
		String served = OpenApiSnapshot.pretty(servedDocument());
		if (Boolean.getBoolean(WRITE_PROPERTY)) {
			Files.createDirectories(SNAPSHOT.getParent());
			Files.writeString(SNAPSHOT, served, StandardCharsets.UTF_8);
			return;
		}
		if (!Files.exists(SNAPSHOT)) {
			fail(SNAPSHOT + " is missing. Write it with:\n\n    " + REFRESH_COMMAND + "\n");
		}
		List<String> differences = OpenApiSnapshot.differences(Files.readString(SNAPSHOT, StandardCharsets.UTF_8),
				served);
		if (!differences.isEmpty()) {
			fail(SNAPSHOT + " is not the service's /openapi.json: " + differences.size() + " difference"
					+ ((differences.size() == 1) ? "" : "s")
					+ " (JSON pointers; + only served, - only in the file, ~ the file's value -> the served one, "
					+ "^ keys in another order):\n"
					+ String.join("\n", differences.subList(0, Math.min(SHOWN_DIFFERENCES, differences.size())))
					+ ((differences.size() > SHOWN_DIFFERENCES)
							? "\n  ... and " + (differences.size() - SHOWN_DIFFERENCES) + " more" : "")
					+ "\nIf the change of the contract is intended, refresh the file and commit it with the change:\n\n    "
					+ REFRESH_COMMAND + "\n");
		}
	}

	@Test
	void openApiThenNothingOfThisRunInIt() {
		// a snapshot must not depend on the port, host or run that served it
		assertThat(servedDocument()).doesNotContain("127.0.0.1").doesNotContain(":" + this.port);
	}

	@Test
	void openApiWhenAPublicUrlThenItIsTheServer() {
		this.client.get()
			.uri("/openapi.json")
			.exchange()
			.expectBody()
			.jsonPath("$.servers[*].url")
			.isEqualTo(List.of(PUBLIC_URL));
	}

	private String servedDocument() {
		String document = this.client.get()
			.uri("/openapi.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(document).isNotBlank();
		return document;
	}

}
