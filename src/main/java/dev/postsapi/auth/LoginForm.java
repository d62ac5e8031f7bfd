package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The form of {@code POST /login} as the API document shows it: the password grant, or
 * the refresh-token grant (RFC 6749, sections 4.3.2 and 6), in the RFC's order. The
 * handlers bind its fields one by one. Only grant_type is required of every request (as
 * RFC 6749 requires it; the service also takes a password grant without it, as the
 * original did); the other fields depend on the grant.
 */
@Schema(name = "LoginForm")
public record LoginForm(
		@Schema(description = "password, or refresh_token to exchange a refresh token (as POST /token/refresh "
				+ "does); the service also takes a password grant without it",
				allowableValues = {
						"password", "refresh_token" },
				example = "password") String grantType,
		@Schema(description = "The user_id or the email (password grant)", example = "alice") @Nullable String username,
		@Schema(format = "password", description = "The password (password grant)",
				example = "strong_password") @Nullable String password,
		@Schema(description = "Accepted and ignored: the API has no scopes (password grant)") @Nullable String scope,
		@Schema(description = "The refresh token to exchange (refresh_token grant)") @Nullable String refreshToken){

}
