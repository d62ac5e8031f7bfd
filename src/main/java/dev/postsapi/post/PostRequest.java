package dev.postsapi.post;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.CodePointLength;

/** Body of POST /posts and PUT /posts/{post_id}; post_id and user_id are ignored. */
public record PostRequest(
		@Schema(example = "My first post!", maxLength = PostRequest.MAX_LENGTH) @NotBlank @CodePointLength(
				max = PostRequest.MAX_LENGTH, message = "must be at most 10000 characters") String postData) {

	/** Characters (Unicode code points), as the contract counts them: an emoji is one. */
	static final int MAX_LENGTH = 10_000;

}
