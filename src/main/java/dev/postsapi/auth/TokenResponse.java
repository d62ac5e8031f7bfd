package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The OAuth2 token response (RFC 6749, section 5.1) that the original's clients read,
 * with the refresh token that exchanges for the next pair.
 */
public record TokenResponse(@Schema(description = "JWT to send as 'Authorization: Bearer <token>'") String accessToken,
		@Schema(example = "bearer") String tokenType,
		@Schema(description = "Lifetime of the access token in seconds", example = "600") long expiresIn,
		@Schema(description = "Opaque; exchange it at POST /token/refresh for a new pair before the access token "
				+ "expires. Each works once.") String refreshToken) {

	static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken) {
		return new TokenResponse(accessToken, "bearer", expiresIn, refreshToken);
	}

	@Override
	public String toString() {
		// keeps the tokens out of any log line that prints the response
		return "TokenResponse[tokenType=" + this.tokenType + ", expiresIn=" + this.expiresIn + "]";
	}

}
