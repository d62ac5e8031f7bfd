package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/**
 * The form of {@code POST /login} as the API document shows it: the password grant, or
 * the refresh-token grant (RFC 6749, section 6). The handlers bind its fields one by one.
 */
@Schema(name = "LoginForm")
public record LoginForm(
		@Schema(description = "password (the default) or refresh_token", example = "password", allowableValues = {
				"password", "refresh_token" }) @Pattern(regexp = "password|refresh_token") String grantType,
		@Schema(description = "user_id or email (password grant)", example = "alice") String username,
		@Schema(format = "password", example = "strong_password", description = "password grant") String password,
		@Schema(description = "refresh_token grant") String refreshToken){

}
