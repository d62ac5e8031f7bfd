package dev.postsapi.vote;

public class AlreadyVotedException extends RuntimeException {

	AlreadyVotedException(String userId, int postId) {
		super("User " + userId + " has already voted on post " + postId);
	}

}
