package dev.postsapi.post;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing lost and nothing half-written when requests race, over real HTTP. */
@IntegrationTest
class PostConcurrencyIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	String user;

	String token;

	@BeforeEach
	void aUser() {
		user = Accounts.uniqueUserId("busy");
		token = Accounts.registerAndLogin(client, user);
	}

	@Test
	void createWhenFiftyConcurrentThenFiftyDistinctIdsAllListed() throws Exception {
		List<Integer> ids = Concurrently.run(50, i -> PostsApi.create(client, token, "post " + i));
		assertThat(new HashSet<>(ids)).hasSize(50);
		List<Map<String, Object>> listed = PostsApi.list(client, token, "/posts/all?limit=1000");
		assertThat(listed).extracting(post -> post.get("post_id")).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void updateWhenConcurrentThenEachSeesItsOwnTextAndOneWinsWhole() throws Exception {
		int id = PostsApi.create(client, token, "initial");
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			texts.add(("update " + i + " ").repeat(50 + i));
		}
		List<Map<String, Object>> responses = Concurrently.run(texts.size(),
				i -> client.put()
					.uri("/posts/" + id)
					.header("Authorization", "Bearer " + token)
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("post_data", texts.get(i)))
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
					})
					.returnResult()
					.getResponseBody());
		for (int i = 0; i < texts.size(); i++) {
			assertThat(responses.get(i).get("post_data")).isEqualTo(texts.get(i));
		}
		String stored = jdbc.queryForObject("select post_data from posts where post_id = ?", String.class, id);
		assertThat(texts).contains(stored);
	}

	@Test
	void updateWhenRacingADeleteThen200Or404NeverA500() throws Exception {
		for (int round = 0; round < 5; round++) {
			int id = PostsApi.create(client, token, "doomed");
			List<Integer> statuses = Concurrently.run(9,
					i -> (i == 4)
							? status(client.delete()
								.uri("/posts/" + id)
								.header("Authorization", "Bearer " + token)
								.exchange()
								.returnResult())
							: status(client.put()
								.uri("/posts/" + id)
								.header("Authorization", "Bearer " + token)
								.contentType(MediaType.APPLICATION_JSON)
								.body(Map.of("post_data", "still here " + i))
								.exchange()
								.returnResult()));
			assertThat(statuses.get(4)).isEqualTo(204);
			assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(200, 204, 404));
			assertThat(jdbc.queryForObject("select count(*) from posts where post_id = ?", Integer.class, id)).isZero();
		}
	}

	private static int status(ExchangeResult result) {
		return result.getStatus().value();
	}

}
