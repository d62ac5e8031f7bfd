package dev.postsapi.post;

import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /vote}: {@code dir} 1 adds the caller's vote, 0 removes it. */
public record VoteRequest(@Schema(example = "7") @NotNull Integer postId,
		@Schema(example = "1", description = "1 adds the caller's vote, 0 removes it", allowableValues = {
				"0", "1" },
				// names for the values in generated clients (VoteBodyDirEnum.ADD),
				// not NUMBER_1
				extensions = @Extension(properties = @ExtensionProperty(name = "x-enum-varnames",
						value = "[\"REMOVE\", \"ADD\"]", parseValue = true))) @NotNull @Min(value = 0,
								message = "must be 0 or 1") @Max(value = 1, message = "must be 0 or 1") Integer dir){

	boolean adds() {
		return dir == 1;
	}

}
