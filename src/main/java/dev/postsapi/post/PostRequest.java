package dev.postsapi.post;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * Body of {@code POST /posts} and {@code PUT /posts/{post_id}}. The original's clients
 * also send {@code post_id} and {@code user_id}; they are ignored (the server assigns the
 * id, and the owner is always the caller).
 */
public record PostRequest(
		@Schema(example = "My first post!", maxLength = PostRequest.MAX_LENGTH) @NotBlank @CodePointLength(
				max = PostRequest.MAX_LENGTH, message = "must be at most 10000 characters") String postData) {

	/** Characters (Unicode code points), as the contract counts them: an emoji is one. */
	static final int MAX_LENGTH = 10_000;

}
