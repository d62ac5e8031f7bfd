package dev.postsapi.user;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Registration lost to an existing account: 409, and the detail says which field is
 * taken.
 */
class UserAlreadyExistsException extends ErrorResponseException {

	UserAlreadyExistsException(String detail) {
		super(HttpStatus.CONFLICT);
		setDetail(detail);
	}

}
