package dev.postsapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-setup run's secret: made once, the same at every later run (its signing keys,
 * sealed in the kept database, open again), never in place of one that is set.
 */
class TestPostsApiApplicationTests {

	@TempDir
	Path data;

	@Test
	void keptSecretWhenMadeThenOnceAndReadByTheNextRun() throws Exception {
		Path file = this.data.resolve("jwt-secret.properties");
		TestPostsApiApplication.keepSecret(file);
		String made = Files.readString(file);
		TestPostsApiApplication.keepSecret(file);

		assertThat(Files.readString(file)).isEqualTo(made);
		String secret = secret(Map.of("posts-api.kept-secret", file.toString()));
		assertThat(made).isEqualTo("auth.jwt.secret=" + secret + "\n");
		assertThat(Base64.getDecoder().decode(secret)).hasSize(32);
	}

	@Test
	void keptSecretWhenASecretIsSetElsewhereThenTheSetOneWins() throws Exception {
		Path file = this.data.resolve("jwt-secret.properties");
		TestPostsApiApplication.keepSecret(file);

		assertThat(secret(Map.of("posts-api.kept-secret", file.toString(), "auth.jwt.secret", "c2V0")))
			.isEqualTo("c2V0");
	}

	private static String secret(Map<String, Object> settings) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("settings", settings));
			context.register(TestPostsApiApplication.KeptSecret.class);
			context.refresh();
			return context.getEnvironment().getProperty("auth.jwt.secret");
		}
	}

}
