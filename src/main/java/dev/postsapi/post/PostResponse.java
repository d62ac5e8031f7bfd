package dev.postsapi.post;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A post as the API shows it, with its vote count. */
public record PostResponse(@Schema(example = "1") int postId, @Schema(example = "My first post!") String postData,
		@Schema(example = "alice") String userId, Instant createdAt,
		@Schema(description = "Number of votes", example = "0") long votes) {
}
