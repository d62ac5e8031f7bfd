package dev.postsapi.post;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * Which slice of a listing to return, newest first, bound from the query string of both
 * listings ({@code limit}, {@code offset}, {@code search}); a missing value takes its
 * default.
 */
public record PostPage(
		@Parameter(description = "Page size, 1 to 1000",
				schema = @Schema(implementation = Integer.class,
						defaultValue = "100")) @Min(1) @Max(1000) Integer limit,
		@Parameter(description = "Posts to skip",
				schema = @Schema(implementation = Integer.class, defaultValue = "0")) @Min(0) Integer offset,
		@Parameter(description = "Only posts containing this text, ignoring case",
				schema = @Schema(implementation = String.class, maxLength = 200)) @CodePointLength(max = 200,
						message = "must be at most 200 characters") @Nullable String search) {

	public PostPage {
		limit = (limit != null) ? limit : 100;
		offset = (offset != null) ? offset : 0;
	}

	/** A LIKE pattern matching {@code search} anywhere, its wildcards taken literally. */
	@Nullable String likePattern() {
		if (this.search == null || this.search.isEmpty()) {
			return null;
		}
		String escaped = this.search.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return "%" + escaped + "%";
	}

}
