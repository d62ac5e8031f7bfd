package dev.postsapi.post;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import dev.postsapi.support.StatementCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A page whose posts' text outgrows one statement
 * ({@link PostQueries#TEXT_PER_STATEMENT}): the rest is read by id, a batch at a time, as
 * the answer is written.
 */
@IntegrationTest
@Import(StatementCounter.Configuration.class)
class PostPageBatchesIntegrationTests {

	/** The SQL of a batch's statement. */
	private static final String BATCH = "where post_id in";

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StatementCounter statements;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	String author;

	String token;

	@BeforeEach
	void author() {
		this.author = Accounts.uniqueUserId("batches");
		this.token = Accounts.registerAndLogin(this.client, this.author);
	}

	@Test
	void listWhenPostsOf8KbThenTheFirstStatementBringsFourAndBatchesOfFourTheRestInPageOrder() {
		List<String> texts = insertNewestFirst(20, 8 * 1024);
		this.statements.reset();
		assertThat(page("/posts/all?limit=20")).extracting(post -> post.get("post_data"))
			.containsExactlyElementsOf(texts);
		// the session's, the page's (posts 1 to 4 with their text: those before each hold
		// less than 32 KB), and four batches of four (32 KB each)
		assertThat(this.statements.count()).isEqualTo(6);
	}

	@Test
	void listWhenAnEmptyPostOpensTheRestThenItIsReadToo() {
		// an adopted database may hold an empty post: the first to be read by id
		List<String> texts = insertNewestFirst(1, 40_000);
		this.jdbc.update("insert into posts (post_data, user_id, created_at) values ('', ?, now() - interval '1 day')",
				this.author);
		assertThat(page("/posts/all")).extracting(post -> post.get("post_data")).containsExactly(texts.get(0), "");
	}

	@Test
	void listWhenAPostIsDeletedBeforeItsBatchIsReadThenItIsLeftOut() {
		List<String> texts = insertNewestFirst(6, 8 * 1024);
		this.statements.reset();
		this.statements.beforeEach((sql) -> {
			if (sql.contains(BATCH)) {
				this.statements.beforeEach((next) -> {
				});
				this.jdbc.update("delete from posts where post_data = ?", texts.get(5));
			}
		});
		assertThat(page("/posts/all")).extracting(post -> post.get("post_data"))
			.containsExactlyElementsOf(texts.subList(0, 5));
	}

	@Test
	void listWhenALaterStatementFailsThenTheAnswerIsCutShortNotEndedAsIfWhole() throws Exception {
		insertNewestFirst(8, 8 * 1024);
		this.statements.reset();
		this.statements.beforeEach((sql) -> {
			if (sql.contains(BATCH)) {
				throw new SQLException("the database went away", "08006");
			}
		});
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/posts/all"))
			.header("Authorization", "Bearer " + this.token)
			.build();
		try (HttpClient http = HttpClient.newHttpClient()) {
			// the 200 and the first four posts went out; the connection is closed without
			// the chunked body's end, so no client takes the four for the whole page
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		// the metric cannot take the status back; it names what cut the answer short
		Awaitility.await()
			.untilAsserted(() -> assertThat(this.meters.find("http.server.requests")
				.tags("uri", "/posts/all", "exception", "CloseNowException")
				.timer()).isNotNull());
	}

	/** Posts of {@code bytes} ASCII characters, unique, the newest first; their texts. */
	private List<String> insertNewestFirst(int count, int bytes) {
		List<String> texts = IntStream.rangeClosed(1, count)
			.mapToObj(n -> this.author + "-" + n + "-" + "x".repeat(bytes))
			.map(text -> text.substring(0, bytes))
			.toList();
		for (int n = 0; n < count; n++) {
			this.jdbc.update(
					"insert into posts (post_data, user_id, created_at) values (?, ?, now() - ? * interval '1 s')",
					texts.get(n), this.author, n);
		}
		return texts;
	}

	private List<Map<String, Object>> page(String path) {
		return PostsApi.list(this.client, this.token, path);
	}

}
