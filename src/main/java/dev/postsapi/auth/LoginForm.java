package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;

/**
 * The OAuth2 password grant's form. {@code grant_type}, {@code scope} and client fields
 * that Swagger UI and the original's clients send are accepted and ignored.
 */
public record LoginForm(@Schema(description = "user_id or email", example = "alice") @NotEmpty String username,
		@Schema(format = "password", example = "strong_password") @NotEmpty String password) {

	@Override
	public String toString() {
		return "LoginForm[username=" + username + "]";
	}

}
