package dev.postsapi.post;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Paged listings with vote counts, which need an arbitrary offset: written by hand. */
interface PostListings {

	/** One owner's posts, or everyone's when {@code userId} is null. */
	List<PostResponse> list(@Nullable String userId, PostPage page);

}
