package dev.postsapi.auth;

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
		setDetail("Could not validate credentials");
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"The refresh token is invalid, expired or revoked\"");
	}

}
