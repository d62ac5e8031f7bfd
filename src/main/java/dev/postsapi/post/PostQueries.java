package dev.postsapi.post;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The posts statements on the hot paths (a page, one post, a new post), written in SQL:
 * each is one statement that answers with the post as the API shows it, vote count
 * included.
 */
interface PostQueries {

	/** One owner's posts, or everyone's when {@code userId} is null. */
	List<PostResponse> list(@Nullable String userId, PostPage page);

	/** A post of {@code userId}'s and its vote count. */
	Optional<PostResponse> findOwned(int postId, String userId);

	/** Inserts a post; the database assigns its id and time. */
	PostResponse insert(String userId, String postData);

}
