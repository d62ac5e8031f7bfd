package dev.postsapi.post;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A second vote of one user on one post: 409. */
class AlreadyVotedException extends ErrorResponseException {

	AlreadyVotedException(String userId, int postId) {
		super(HttpStatus.CONFLICT);
		setDetail("User " + userId + " has already voted on post " + postId);
	}

}
