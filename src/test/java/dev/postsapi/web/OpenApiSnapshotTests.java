package dev.postsapi.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot comparison itself: it must catch what a comparison as JSON does not, a
 * reordered property (the login form's fields, whose order a generated Java client's
 * {@code login(...)} takes its parameters in).
 */
class OpenApiSnapshotTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void differencesWhenSameDocumentThenNone() throws IOException {
		String file = Files.readString(OpenApiSnapshotIntegrationTests.SNAPSHOT, StandardCharsets.UTF_8);
		assertThat(OpenApiSnapshot.differences(file, OpenApiSnapshot.pretty(file))).isEmpty();
	}

	@Test
	void differencesWhenAPropertyIsReorderedThenReportedThoughTheJsonIsEqual() throws IOException {
		String file = Files.readString(OpenApiSnapshotIntegrationTests.SNAPSHOT, StandardCharsets.UTF_8);
		JsonNode reordered = this.json.readTree(file);
		ObjectNode properties = (ObjectNode) reordered.at("/components/schemas/LoginForm/properties");
		JsonNode username = properties.remove("username");
		properties.set("username", username); // now after refresh_token
		String served = OpenApiSnapshot.pretty(this.json.writeValueAsString(reordered));

		assertThat(this.json.readTree(served)).as("equal as JSON").isEqualTo(this.json.readTree(file));
		assertThat(OpenApiSnapshot.differences(file, served))
			.containsExactly("  ^ /components/schemas/LoginForm/properties: keys "
					+ "[grant_type, username, password, scope, refresh_token] -> "
					+ "[grant_type, password, scope, refresh_token, username]");
	}

	@Test
	void differencesWhenOnlyTheFormattingDiffersThenReported() throws IOException {
		String file = Files.readString(OpenApiSnapshotIntegrationTests.SNAPSHOT, StandardCharsets.UTF_8);
		assertThat(OpenApiSnapshot.differences(file, file.replaceFirst("\n  ", "\n    ")))
			.containsExactly("  the same JSON, written differently from line 2");
	}

}
