package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/** The OAuth2 token response (RFC 6749, section 5.1) that the original's clients read. */
public record TokenResponse(@Schema(description = "JWT to send as 'Authorization: Bearer <token>'") String accessToken,
		@Schema(example = "bearer") String tokenType,
		@Schema(description = "Lifetime of the access token in seconds", example = "600") long expiresIn) {

	static TokenResponse bearer(String accessToken, long expiresIn) {
		return new TokenResponse(accessToken, "bearer", expiresIn);
	}

}
