package dev.postsapi.post;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No such post, or (for reads) not the caller's: 404, the two not told apart. */
class PostNotFoundException extends ErrorResponseException {

	PostNotFoundException(int postId) {
		super(HttpStatus.NOT_FOUND);
		setDetail("Post " + postId + " was not found");
	}

}
