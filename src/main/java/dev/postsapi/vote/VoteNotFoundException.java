package dev.postsapi.vote;

public class VoteNotFoundException extends RuntimeException {

	VoteNotFoundException(int postId) {
		super("There is no vote of yours on post " + postId);
	}

}
