package dev.postsapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-setup run's secret: made once, the same at every later run (its signing keys,
 * sealed in the kept database, open again), never in place of one that is set.
 */
class TestPostsApiApplicationTests {

	@TempDir
	Path data;

	@Test
	void withoutASecretThenOneIsMadeOnceAndTheSameAtTheNextRun() throws Exception {
		Path file = this.data.resolve("jwt-secret");
		String[] first = TestPostsApiApplication.withLastingSecret(new String[] { "--debug" }, null, file);
		String[] second = TestPostsApiApplication.withLastingSecret(new String[] { "--debug" }, null, file);

		assertThat(first).hasSize(2).startsWith("--debug").isEqualTo(second);
		String secret = first[1].substring("--auth.jwt.secret=".length());
		assertThat(Base64.getDecoder().decode(secret)).hasSize(32);
		assertThat(Files.readString(file)).isEqualTo(secret);
	}

	@Test
	void withASecretSetThenNoneIsMadeAndTheArgumentsStayAsGiven() throws Exception {
		Path file = this.data.resolve("jwt-secret");
		String[] given = { "--debug" };

		assertThat(TestPostsApiApplication.withLastingSecret(given, "c2V0", file)).isSameAs(given);
		String[] inArguments = { "--auth.jwt.secret=c2V0" };
		assertThat(TestPostsApiApplication.withLastingSecret(inArguments, null, file)).isSameAs(inArguments);
		assertThat(file).doesNotExist();
	}

}
