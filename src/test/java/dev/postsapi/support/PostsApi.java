package dev.postsapi.support;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
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

	/** Reads a listing ({@code GET /posts/all}, {@code /posts/feed}), expecting a 200. */
	public static List<Map<String, Object>> list(RestTestClient client, String token, String uriTemplate,
			Object... uriVariables) {
		return client.get()
			.uri(uriTemplate, uriVariables)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
