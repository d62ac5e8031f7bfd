package dev.postsapi.post;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Removing a vote the caller never cast: 404. */
class VoteNotFoundException extends ErrorResponseException {

	VoteNotFoundException(int postId) {
		super(HttpStatus.NOT_FOUND);
		setDetail("There is no vote of yours on post " + postId);
	}

}
