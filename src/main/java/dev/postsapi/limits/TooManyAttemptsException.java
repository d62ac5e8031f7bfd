package dev.postsapi.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An attempt past a limit: 429 with {@code Retry-After}. The answer does not say which
 * limit, so it tells nothing about which accounts exist.
 */
public class TooManyAttemptsException extends ErrorResponseException {

	TooManyAttemptsException(int retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS);
		setDetail("Too many attempts; try again in " + retryAfterSeconds + " seconds");
		getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
	}

}
