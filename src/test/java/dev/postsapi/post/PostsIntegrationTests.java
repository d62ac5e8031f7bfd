package dev.postsapi.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The posts table of the contract, row by row, with two users for the owner rules. */
@IntegrationTest
class PostsIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	String alice;

	String aliceToken;

	String bobToken;

	@BeforeEach
	void twoUsers() {
		alice = Accounts.uniqueUserId("alice");
		aliceToken = Accounts.registerAndLogin(client, alice);
		bobToken = Accounts.registerAndLogin(client, Accounts.uniqueUserId("bob"));
	}

	@Test
	void createWhenClientSendsIdsThen201WithLocationAndIdsIgnored() {
		client.post()
			.uri("/posts/")
			.header("Authorization", "Bearer " + aliceToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_id", 424242, "post_data", "My first post!", "user_id", "someone_else"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", location -> assertThat(location).matches("/posts/\\d+"))
			.expectBody()
			.jsonPath("$.post_id")
			.value(id -> assertThat(((Number) id).intValue()).isNotEqualTo(424242))
			.jsonPath("$.post_data")
			.isEqualTo("My first post!")
			.jsonPath("$.user_id")
			.isEqualTo(alice)
			.jsonPath("$.votes")
			.isEqualTo(0)
			.jsonPath("$.created_at")
			.exists();
	}

	@Test
	void createWhenPostDataInvalidThen422() {
		for (String body : List.of("{}", "{\"post_data\": \"   \"}",
				"{\"post_data\": \"" + "x".repeat(10_001) + "\"}")) {
			client.post()
				.uri("/posts")
				.header("Authorization", "Bearer " + aliceToken)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("post_data");
		}
		assertThat(jdbc.queryForObject("select count(*) from posts where user_id = ?", Integer.class, alice)).isZero();
	}

	@Test
	void createWhenExactly10000CharactersThen201() {
		PostsApi.create(client, aliceToken, "x".repeat(10_000));
	}

	@Test
	void postsAndVoteWhenNoTokenThen401() {
		client.get().uri("/posts/all/").exchange().expectStatus().isUnauthorized();
		client.get().uri("/posts/feed").exchange().expectStatus().isUnauthorized();
		client.post()
			.uri("/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"post_data\":\"x\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		client.post()
			.uri("/vote")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"post_id\":1,\"dir\":1}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void getWhenOwnPostWithOrWithoutSlashThen200() {
		int id = PostsApi.create(client, aliceToken, "mine");
		for (String path : List.of("/posts/" + id, "/posts/" + id + "/")) {
			client.get()
				.uri(path)
				.header("Authorization", "Bearer " + aliceToken)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.post_id")
				.isEqualTo(id)
				.jsonPath("$.post_data")
				.isEqualTo("mine");
		}
	}

	@Test
	void getWhenSomeoneElsesPostThen404LikeAMissingOne() {
		int id = PostsApi.create(client, aliceToken, "private");
		byte[] othersPost = get404(bobToken, "/posts/" + id);
		assertThat(new String(othersPost)).doesNotContain("private");
		get404(aliceToken, "/posts/2147483647");
		get404(aliceToken, "/posts/-1");
	}

	@Test
	void getPutDeleteWhenPostIdNotAnIntThen422() {
		for (String id : List.of("abc", "99999999999999999999", "1.5")) {
			for (String method : List.of("GET", "PUT", "DELETE")) {
				client.method(org.springframework.http.HttpMethod.valueOf(method))
					.uri("/posts/" + id)
					.header("Authorization", "Bearer " + aliceToken)
					.contentType(MediaType.APPLICATION_JSON)
					.body("{\"post_data\":\"x\"}")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
					.expectBody()
					.jsonPath("$.errors[0].field")
					.isEqualTo("post_id");
			}
		}
	}

	@Test
	void updateWhenOwnPostThen200WithNewTextAndVotes() {
		int id = PostsApi.create(client, aliceToken, "before");
		assertThat(PostsApi.vote(client, bobToken, id, 1)).isEqualTo(201);
		client.put()
			.uri("/posts/" + id + "/")
			.header("Authorization", "Bearer " + aliceToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_id", id, "post_data", "after", "user_id", "ignored"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.post_data")
			.isEqualTo("after")
			.jsonPath("$.user_id")
			.isEqualTo(alice)
			.jsonPath("$.votes")
			.isEqualTo(1);
	}

	@Test
	void updateWhenSomeoneElsesPostThen403AndUnchanged() {
		int id = PostsApi.create(client, aliceToken, "original");
		client.put()
			.uri("/posts/" + id)
			.header("Authorization", "Bearer " + bobToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_data", "hijacked"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(jdbc.queryForObject("select post_data from posts where post_id = ?", String.class, id))
			.isEqualTo("original");
	}

	@Test
	void updateWhenMissingThen404AndWhenInvalidThen422() {
		client.put()
			.uri("/posts/2147483647")
			.header("Authorization", "Bearer " + aliceToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_data", "x"))
			.exchange()
			.expectStatus()
			.isNotFound();
		int id = PostsApi.create(client, aliceToken, "keep");
		client.put()
			.uri("/posts/" + id)
			.header("Authorization", "Bearer " + aliceToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_data", ""))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
	}

	@Test
	void deleteWhenOwnPostThen204AndItsVotesGo() {
		int id = PostsApi.create(client, aliceToken, "short-lived");
		assertThat(PostsApi.vote(client, bobToken, id, 1)).isEqualTo(201);
		client.delete()
			.uri("/posts/" + id)
			.header("Authorization", "Bearer " + aliceToken)
			.exchange()
			.expectStatus()
			.isNoContent();
		get404(aliceToken, "/posts/" + id);
		assertThat(jdbc.queryForObject("select count(*) from votes where post_id = ?", Integer.class, id)).isZero();
		client.delete()
			.uri("/posts/" + id + "/")
			.header("Authorization", "Bearer " + aliceToken)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void deleteWhenSomeoneElsesPostThen403AndKept() {
		int id = PostsApi.create(client, aliceToken, "stays");
		client.delete()
			.uri("/posts/" + id)
			.header("Authorization", "Bearer " + bobToken)
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(jdbc.queryForObject("select count(*) from posts where post_id = ?", Integer.class, id)).isOne();
	}

	@Test
	void listAllThenOnlyOwnPostsNewestFirstWithVotes() {
		int first = PostsApi.create(client, aliceToken, "first");
		int second = PostsApi.create(client, aliceToken, "second");
		int bobs = PostsApi.create(client, bobToken, "bob's");
		assertThat(PostsApi.vote(client, bobToken, first, 1)).isEqualTo(201);
		List<Map<String, Object>> posts = PostsApi.list(client, aliceToken, "/posts/all/");
		assertThat(posts).extracting(post -> post.get("post_id")).containsExactly(second, first);
		assertThat(posts).extracting(post -> post.get("votes")).containsExactly(0, 1);
		assertThat(posts).extracting(post -> post.get("post_id")).doesNotContain(bobs);
	}

	@Test
	void listAllWhenLimitOffsetSearchThenPageOfMatchesIgnoringCase() {
		for (int i = 1; i <= 5; i++) {
			PostsApi.create(client, aliceToken, "Post number " + i + (i % 2 == 0 ? " with 100% EVEN_text" : ""));
		}
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?limit=2")).extracting(post -> post.get("post_data"))
			.containsExactly("Post number 5", "Post number 4 with 100% EVEN_text");
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?limit=2&offset=2"))
			.extracting(post -> post.get("post_data"))
			.containsExactly("Post number 3", "Post number 2 with 100% EVEN_text");
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search=even_TEXT")).hasSize(2);
		// LIKE wildcards in the search text are literal
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search={text}", "100%")).hasSize(2);
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search=_")).hasSize(2);
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search=nothing-like-this")).isEmpty();
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?offset=100")).isEmpty();
		// the escape character too: a backslash then an underscore, both as typed
		PostsApi.create(client, aliceToken, "C:\\_dir");
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search={text}", "\\_"))
			.extracting(post -> post.get("post_data"))
			.containsExactly("C:\\_dir");
	}

	@Test
	void listAllWhenSearchHasLettersBeyondAsciiThenCaseIgnoredAsThePostsAreLowered() {
		PostsApi.create(client, aliceToken, "Flights to İstanbul");
		// the search is lowered by the same rules as the text (the database's, whatever
		// its locale): Java's lowering of İ adds a combining dot the database's does not
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?search={text}", "İSTANBUL")).hasSize(1);
	}

	@Test
	void listAllWhenEqualTimestampsThenOrderedByIdDescending() {
		int a = PostsApi.create(client, aliceToken, "a");
		int b = PostsApi.create(client, aliceToken, "b");
		int c = PostsApi.create(client, aliceToken, "c");
		jdbc.update("update posts set created_at = '2026-01-01T00:00:00Z' where user_id = ?", alice);
		assertThat(PostsApi.list(client, aliceToken, "/posts/all")).extracting(post -> post.get("post_id"))
			.containsExactly(c, b, a);
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?limit=1&offset=1"))
			.extracting(post -> post.get("post_id"))
			.containsExactly(b);
	}

	@Test
	void listWhenThePagesTextOutgrowsOneStatementThenTheRestIsReadByIdInOrder() {
		// posts of 40,000 bytes (10,000 characters of four bytes in UTF-8) among short
		// ones: the first statement brings the text while the posts before it hold fewer
		// than TEXT_PER_STATEMENT bytes, the rest is read by id as the answer is written
		String emoji = "\uD83D\uDE00";
		assertThat(PostQueries.TEXT_PER_STATEMENT).isLessThan(40_000);
		Map<Integer, String> texts = new LinkedHashMap<>();
		for (int i = 0; i < 9; i++) {
			String text = (i % 3 == 1) ? "short " + i : i + alice + emoji.repeat(9_900);
			texts.put(PostsApi.create(client, aliceToken, text), text);
		}
		List<Integer> newestFirst = new ArrayList<>(texts.keySet()).reversed();
		assertThat(PostsApi.vote(client, bobToken, newestFirst.get(5), 1)).isEqualTo(201);

		List<Integer> page = newestFirst.subList(1, 8);
		assertPage(PostsApi.list(client, aliceToken, "/posts/all?limit=7&offset=1"), page, texts, newestFirst.get(5));
		List<Integer> largeOnes = newestFirst.stream().filter(id -> !texts.get(id).startsWith("short")).toList();
		assertPage(PostsApi.list(client, aliceToken, "/posts/feed?limit=4&offset=1&search={text}", alice),
				largeOnes.subList(1, 5), texts, newestFirst.get(5));
	}

	private static void assertPage(List<Map<String, Object>> posts, List<Integer> ids, Map<Integer, String> texts,
			int votedFor) {
		assertThat(posts).extracting(post -> post.get("post_id")).containsExactlyElementsOf(ids);
		assertThat(posts).extracting(post -> post.get("post_data"))
			.containsExactlyElementsOf(ids.stream().map(texts::get).toList());
		assertThat(posts).extracting(post -> post.get("votes"))
			.containsExactlyElementsOf(ids.stream().map(id -> (id == votedFor) ? 1 : 0).toList());
	}

	@Test
	void listWhenParametersOutOfRangeThen422() {
		for (String query : List.of("limit=0", "limit=1001", "offset=-1", "limit=abc", "search=" + "x".repeat(201))) {
			for (String path : List.of("/posts/all?", "/posts/feed?")) {
				client.get()
					.uri(path + query)
					.header("Authorization", "Bearer " + aliceToken)
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			}
		}
		assertThat(PostsApi.list(client, aliceToken, "/posts/all?limit=1000")).isEmpty();
	}

	@Test
	void feedThenEveryUsersPostsNewestFirstWithCounts() {
		String marker = Accounts.uniqueUserId("feed");
		int alices = PostsApi.create(client, aliceToken, marker + " from alice");
		int bobs = PostsApi.create(client, bobToken, marker + " from bob");
		assertThat(PostsApi.vote(client, aliceToken, bobs, 1)).isEqualTo(201);
		assertThat(PostsApi.vote(client, bobToken, bobs, 1)).isEqualTo(201);
		List<Map<String, Object>> feed = PostsApi.list(client, bobToken, "/posts/feed/?search=" + marker);
		assertThat(feed).extracting(post -> post.get("post_id")).containsExactly(bobs, alices);
		assertThat(feed).extracting(post -> post.get("votes")).containsExactly(2, 0);
		assertThat(PostsApi.list(client, bobToken, "/posts/feed?limit=1")).hasSize(1);
	}

	private byte[] get404(String token, String path) {
		return client.get()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
	}

}
