package dev.postsapi.post;

import java.util.List;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Concurrently;
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

@IntegrationTest
class VotesIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	String authorToken;

	String voter;

	String voterToken;

	int postId;

	@BeforeEach
	void aPostByAnotherUser() {
		authorToken = Accounts.registerAndLogin(client, Accounts.uniqueUserId("author"));
		voter = Accounts.uniqueUserId("voter");
		voterToken = Accounts.registerAndLogin(client, voter);
		postId = PostsApi.create(client, authorToken, "vote for me");
	}

	@Test
	void voteWhenAddThen201AndCountShows() {
		client.post()
			.uri("/vote/")
			.header("Authorization", "Bearer " + voterToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"post_id\": " + postId + ", \"dir\": 1}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo("Vote added");
		client.get()
			.uri("/posts/" + postId)
			.header("Authorization", "Bearer " + authorToken)
			.exchange()
			.expectBody()
			.jsonPath("$.votes")
			.isEqualTo(1);
	}

	@Test
	void voteWhenAddedTwiceThen409() {
		assertThat(PostsApi.vote(client, voterToken, postId, 1)).isEqualTo(201);
		client.post()
			.uri("/vote")
			.header("Authorization", "Bearer " + voterToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"post_id\": " + postId + ", \"dir\": 1}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(votes()).isOne();
	}

	@Test
	void voteWhenPostMissingThen404() {
		assertThat(PostsApi.vote(client, voterToken, 2147483647, 1)).isEqualTo(404);
	}

	@Test
	void voteWhenRemovedThen204AndAgainThen404() {
		assertThat(PostsApi.vote(client, voterToken, postId, 1)).isEqualTo(201);
		assertThat(PostsApi.vote(client, voterToken, postId, 0)).isEqualTo(204);
		assertThat(votes()).isZero();
		assertThat(PostsApi.vote(client, voterToken, postId, 0)).isEqualTo(404);
	}

	@Test
	void voteWhenRemovingThenOnlyTheCallersVoteGoes() {
		assertThat(PostsApi.vote(client, voterToken, postId, 1)).isEqualTo(201);
		assertThat(PostsApi.vote(client, authorToken, postId, 0)).isEqualTo(404);
		assertThat(votes()).isOne();
	}

	@Test
	void voteWhenBodyInvalidThen422() {
		for (String body : List.of("{\"post_id\": 1, \"dir\": 2}", "{\"post_id\": 1, \"dir\": -1}", "{\"post_id\": 1}",
				"{\"dir\": 1}", "{\"post_id\": \"abc\", \"dir\": 1}")) {
			client.post()
				.uri("/vote")
				.header("Authorization", "Bearer " + voterToken)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors")
				.isNotEmpty();
		}
	}

	@Test
	void voteWhenTwentyConcurrentIdenticalThenOne201AndNineteen409s() throws Exception {
		int attempts = 20;
		List<Integer> statuses = Concurrently.run(attempts, i -> PostsApi.vote(client, voterToken, postId, 1));
		assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(attempts - 1);
		assertThat(votes()).isOne();
	}

	private int votes() {
		return jdbc.queryForObject("select count(*) from votes where post_id = ?", Integer.class, postId);
	}

}
