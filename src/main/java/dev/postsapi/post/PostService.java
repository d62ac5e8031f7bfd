package dev.postsapi.post;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts and their owner rules. Reads are single statements without a transaction (it
 * would only add round trips); changes are single conditional statements
 * ({@code where post_id =
 * ? and user_id = ?}), so nothing changes between checking the owner and writing.
 */
@Service
class PostService {

	private final PostRepository posts;

	PostService(PostRepository posts) {
		this.posts = posts;
	}

	List<PostResponse> listOwn(String userId, PostPage page) {
		return this.posts.listOwn(userId, page);
	}

	List<PostResponse> feed(PostPage page) {
		return this.posts.listAll(page);
	}

	/** Another user's post is reported missing, so ids don't reveal what others wrote. */
	PostResponse getOwn(String userId, int postId) {
		return this.posts.findOwned(postId, userId).orElseThrow(() -> new PostNotFoundException(postId));
	}

	PostResponse create(String userId, String postData) {
		return this.posts.insert(userId, postData);
	}

	@Transactional
	PostResponse update(String userId, int postId, String postData) {
		if (this.posts.updateOwned(postId, userId, postData) == 0) {
			throw missingOrForbidden(postId, userId);
		}
		// the updated row stays locked until commit: a concurrent delete waits
		return this.posts.findOwned(postId, userId).orElseThrow(() -> new PostNotFoundException(postId));
	}

	@Transactional
	void delete(String userId, int postId) {
		if (this.posts.deleteOwned(postId, userId) == 0) {
			throw missingOrForbidden(postId, userId);
		}
	}

	private RuntimeException missingOrForbidden(int postId, String userId) {
		return this.posts.findOwner(postId)
			.<RuntimeException>map(owner -> owner.equals(userId) ? new PostNotFoundException(postId)
					: new NotPostOwnerException(postId))
			.orElseGet(() -> new PostNotFoundException(postId));
	}

}
