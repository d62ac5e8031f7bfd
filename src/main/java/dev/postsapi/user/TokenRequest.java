package dev.postsapi.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /email/verify}: the token from the mailed link. */
record TokenRequest(@Schema(example = "q3Hd0y8Jw0f3x2Qyq1jv2m0b4r6YV8mJ3oK0mZc5hXA",
		description = "The token from the link's fragment (#token=...)", maxLength = 200) @NotNull String token) {

	@Override
	public String toString() {
		return "TokenRequest[token=...]";
	}

}
