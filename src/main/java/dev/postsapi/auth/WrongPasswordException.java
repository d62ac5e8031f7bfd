package dev.postsapi.auth;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A password change whose current password is wrong: the caller is known, so 403. */
class WrongPasswordException extends ErrorResponseException {

	WrongPasswordException() {
		super(HttpStatus.FORBIDDEN);
		setDetail("The current password is wrong");
	}

}
