package dev.postsapi.post;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /posts} and {@code PUT /posts/{post_id}}. The original's clients
 * also send {@code post_id} and {@code user_id}; they are ignored (the server assigns the
 * id, and the owner is always the caller).
 */
public record PostRequest(@Schema(example = "My first post!",
		maxLength = PostRequest.MAX_LENGTH) @NotBlank @Size(max = PostRequest.MAX_LENGTH) String postData) {

	static final int MAX_LENGTH = 10_000;

}
