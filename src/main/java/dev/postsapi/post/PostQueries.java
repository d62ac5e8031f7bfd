package dev.postsapi.post;

import java.util.List;
import java.util.Optional;

/** The hot paths, each one statement answering with the post as the API shows it. */
interface PostQueries {

	List<PostResponse> listOwn(String userId, PostPage page);

	List<PostResponse> listAll(PostPage page);

	Optional<PostResponse> findOwned(int postId, String userId);

	/** Inserts a post; the database assigns its id and time. */
	PostResponse insert(String userId, String postData);

}
