package dev.postsapi.user;

/** Registration lost to an existing account; the message says which field is taken. */
public class UserAlreadyExistsException extends RuntimeException {

	UserAlreadyExistsException(String message) {
		super(message);
	}

}
