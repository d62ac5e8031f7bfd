package dev.postsapi.support;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Posts and votes through the API, as a client would. */
public final class PostsApi {

	private PostsApi() {
	}

	/** Creates a post and returns its id. */
	public static int create(RestTestClient client, String token, String postData) {
		Map<?, ?> post = client.post()
			.uri("/posts")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_data", postData))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Number) post.get("post_id")).intValue();
	}

	/** Sends {@code POST /vote} and returns the status. */
	public static int vote(RestTestClient client, String token, int postId, int dir) {
		return client.post()
			.uri("/vote")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_id", postId, "dir", dir))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

}
