package dev.postsapi.post;

/** No such post, or (for reads) not the caller's: the two are not told apart. */
public class PostNotFoundException extends RuntimeException {

	public PostNotFoundException(int postId) {
		super("Post " + postId + " was not found");
	}

}
