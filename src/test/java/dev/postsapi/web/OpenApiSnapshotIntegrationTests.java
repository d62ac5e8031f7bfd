package dev.postsapi.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.core.util.Separators.Spacing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code docs/openapi.json} is the service's {@code /openapi.json}, checked in, so that a
 * change of the contract shows in review. The two are compared as JSON (the order of an
 * object's keys and the file's formatting do not count); a difference fails with the
 * command that rewrites the file, {@value #REFRESH_COMMAND}, which runs this test with
 * {@code -D}{@value #WRITE_PROPERTY}{@code =true}.
 */
@IntegrationTest
class OpenApiSnapshotIntegrationTests {

	/** Relative to the project's directory, where the build runs the tests. */
	static final Path SNAPSHOT = Path.of("docs", "openapi.json");

	/** Set to true, the test writes the snapshot instead of comparing with it. */
	static final String WRITE_PROPERTY = "openapi.snapshot.write";

	static final String REFRESH_COMMAND = "bin/refresh-openapi.sh";

	/** The differences a failure lists; the rest are counted. */
	private static final int SHOWN_DIFFERENCES = 20;

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void openApiThenSameAsTheCheckedInSnapshot() throws IOException {
		JsonNode served = this.json.readTree(servedDocument());
		if (Boolean.getBoolean(WRITE_PROPERTY)) {
			Files.createDirectories(SNAPSHOT.getParent());
			Files.writeString(SNAPSHOT, pretty(served), StandardCharsets.UTF_8);
			return;
		}
		if (!Files.exists(SNAPSHOT)) {
			fail(SNAPSHOT + " is missing. Write it with:\n\n    " + REFRESH_COMMAND + "\n");
		}
		JsonNode snapshot = this.json.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
		List<String> differences = new ArrayList<>();
		compare("", snapshot, served, differences);
		if (!differences.isEmpty()) {
			fail(SNAPSHOT + " is not the service's /openapi.json: " + differences.size() + " difference"
					+ ((differences.size() == 1) ? "" : "s")
					+ " (JSON pointers; + only served, - only in the file, ~ the file's value -> the served one):\n"
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
		assertThat(servedDocument()).doesNotContain("localhost")
			.doesNotContain("127.0.0.1")
			.doesNotContain(":" + this.port);
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

	/**
	 * Two-space indentation, {@code "key": value}, one array element a line, a final
	 * newline: what {@code JSON.stringify(document, null, 2)} and {@code jq} write, so
	 * that diffs in review are line by line.
	 */
	private String pretty(JsonNode document) {
		DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
		DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
			.withObjectNameValueSpacing(Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("")).withObjectIndenter(indenter).withArrayIndenter(indenter);
		return this.json.writer().with(printer).writeValueAsString(document) + "\n";
	}

	/** Adds a line for every place where the snapshot and the served document differ. */
	private static void compare(String pointer, JsonNode snapshot, JsonNode served, List<String> differences) {
		if (snapshot.isObject() && served.isObject()) {
			Set<String> names = new TreeSet<>(snapshot.propertyNames());
			names.addAll(served.propertyNames());
			for (String name : names) {
				String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
				if (!served.has(name)) {
					differences.add("  - " + child);
				}
				else if (!snapshot.has(name)) {
					differences.add("  + " + child);
				}
				else {
					compare(child, snapshot.get(name), served.get(name), differences);
				}
			}
		}
		else if (snapshot.isArray() && served.isArray() && snapshot.size() == served.size()) {
			for (int i = 0; i < snapshot.size(); i++) {
				compare(pointer + "/" + i, snapshot.get(i), served.get(i), differences);
			}
		}
		else if (!snapshot.equals(served)) {
			differences.add("  ~ " + (pointer.isEmpty() ? "/" : pointer) + ": " + abbreviated(snapshot) + " -> "
					+ abbreviated(served));
		}
	}

	private static String abbreviated(JsonNode node) {
		String text = node.toString();
		return (text.length() <= 80) ? text : text.substring(0, 77) + "...";
	}

}
