package dev.postsapi.auth;

import dev.postsapi.user.Password;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /password/reset}. */
record ResetPasswordRequest(
		@Schema(example = "q3Hd0y8Jw0f3x2Qyq1jv2m0b4r6YV8mJ3oK0mZc5hXA",
				description = "The token from the link's fragment (#token=...)", maxLength = 200) @NotNull String token,
		@Schema(format = "password",
				description = "8 to 72 bytes in UTF-8, as at registration") @Password String newPassword) {

	@Override
	public String toString() {
		return "ResetPasswordRequest[]";
	}

}
