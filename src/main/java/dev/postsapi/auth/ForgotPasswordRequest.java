package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /password/forgot}. */
record ForgotPasswordRequest(@Schema(example = "alice@example.com", maxLength = 254) @NotNull @Email(
		regexp = ".+@.+\\..+", message = "must be a valid e-mail address") @Size(max = 254) String email) {

	@Override
	public String toString() {
		return "ForgotPasswordRequest[]";
	}

}
