package dev.postsapi.post;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The post exists but belongs to someone else, so the caller may not change it: 403. */
class NotPostOwnerException extends ErrorResponseException {

	NotPostOwnerException(int postId) {
		super(HttpStatus.FORBIDDEN);
		setDetail("Post " + postId + " belongs to another user");
	}

}
