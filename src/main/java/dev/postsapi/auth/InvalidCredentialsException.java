package dev.postsapi.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A login with a wrong password or an unknown username: one answer for both, so it does
 * not tell which accounts exist.
 */
class InvalidCredentialsException extends ErrorResponseException {

	InvalidCredentialsException() {
		super(HttpStatus.UNAUTHORIZED);
		setDetail("Invalid credentials");
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

}
