package dev.postsapi;

import java.io.IOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The zero-setup local run, {@code ./mvnw spring-boot:test-run}: the real application,
 * plus an embedded PostgreSQL (data kept in {@code .data/postgres} between runs) unless
 * {@code SPRING_DATASOURCE_URL} names a server. It lives in the test tree so the
 * production jar does not carry PostgreSQL binaries.
 */
public class TestPostsApiApplication {

	public static void main(String[] args) {
		SpringApplication.from(PostsApiApplication::main).with(EmbeddedDatabase.class).run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
	static class EmbeddedDatabase {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres() throws IOException {
			return EmbeddedPostgres.builder()
				.setDataDirectory(Path.of(".data", "postgres"))
				.setCleanDataDirectory(false)
				.start();
		}

		@Bean
		JdbcConnectionDetails jdbcConnectionDetails(EmbeddedPostgres postgres) {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "postgres";
				}

				@Override
				public String getPassword() {
					return "postgres";
				}

				@Override
				public String getJdbcUrl() {
					return postgres.getJdbcUrl("postgres", "postgres");
				}

			};
		}

	}

}
