package dev.postsapi.post;

import java.util.List;

/** Paged listings with vote counts, which need an arbitrary offset: written by hand. */
interface PostListings {

	/** One owner's posts, or everyone's when {@code userId} is null. */
	List<PostResponse> list(String userId, PostPage page);

}
