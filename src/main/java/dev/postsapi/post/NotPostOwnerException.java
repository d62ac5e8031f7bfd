package dev.postsapi.post;

/** The post exists but belongs to someone else, so the caller may not change it. */
public class NotPostOwnerException extends RuntimeException {

	public NotPostOwnerException(int postId) {
		super("Post " + postId + " belongs to another user");
	}

}
