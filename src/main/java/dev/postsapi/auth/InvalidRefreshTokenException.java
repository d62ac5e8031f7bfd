package dev.postsapi.auth;

import dev.postsapi.security.SecurityConfiguration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A refresh token that cannot be exchanged: unknown, expired, malformed, already used, or
 * of an ended session. One answer for all, so it tells an attacker nothing.
 */
class InvalidRefreshTokenException extends ErrorResponseException {

	InvalidRefreshTokenException() {
		super(HttpStatus.UNAUTHORIZED);
		setDetail(SecurityConfiguration.UNAUTHORIZED_DETAIL);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"The refresh token is invalid, expired or revoked\"");
	}

	/**
	 * The OAuth2 token endpoint's form of it (RFC 6749, section 5.2), for {@code /login}.
	 */
	static ErrorResponseException invalidGrant() {
		ErrorResponseException invalidGrant = new ErrorResponseException(HttpStatus.BAD_REQUEST);
		invalidGrant.setDetail("The refresh token is invalid, expired or revoked");
		invalidGrant.getBody().setProperty("error", "invalid_grant");
		return invalidGrant;
	}

}
