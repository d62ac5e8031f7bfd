package dev.postsapi.post;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /vote}: {@code dir} 1 adds the caller's vote, 0 removes it. */
public record VoteRequest(@Schema(example = "7") @NotNull Integer postId, @Schema(example = "1", allowableValues = {
		"0", "1" }) @NotNull @Min(value = 0,
				message = "must be 0 or 1") @Max(value = 1, message = "must be 0 or 1") Integer dir){

	boolean adds() {
		return dir == 1;
	}

}
