package dev.postsapi.user;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A mailed token that is unknown, used, expired or malformed: one answer for all, so it
 * tells nothing about which.
 */
public class InvalidTokenException extends ResponseStatusException {

	public InvalidTokenException() {
		super(HttpStatus.BAD_REQUEST, "Invalid or expired token");
	}

}
