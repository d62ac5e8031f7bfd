package dev.postsapi.post;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts and their owner rules. Reads are single statements and run without a transaction,
 * which would only add a BEGIN and a COMMIT round trip. Changes are single conditional
 * statements ({@code where post_id = ? and user_id = ?}), so there is no window between
 * checking the owner and writing: a post deleted meanwhile is simply not found.
 */
@Service
public class PostService {

	private final PostRepository posts;

	PostService(PostRepository posts) {
		this.posts = posts;
	}

	public List<PostResponse> listOwn(String userId, PostPage page) {
		return posts.list(userId, page);
	}

	public List<PostResponse> feed(PostPage page) {
		return posts.list(null, page);
	}

	/** Another user's post is reported missing, so ids don't reveal what others wrote. */
	public PostResponse getOwn(String userId, int postId) {
		return posts.findOwned(postId, userId).orElseThrow(() -> new PostNotFoundException(postId));
	}

	/** One statement, which assigns the id and the time: no transaction around it. */
	public PostResponse create(String userId, String postData) {
		return this.posts.insert(userId, postData);
	}

	@Transactional
	public PostResponse update(String userId, int postId, String postData) {
		if (posts.updateOwned(postId, userId, postData) == 0) {
			throw missingOrForbidden(postId, userId);
		}
		// the updated row stays locked until commit, so a concurrent delete cannot remove
		// it between the update and this read
		return posts.findOwned(postId, userId).orElseThrow(() -> new PostNotFoundException(postId));
	}

	@Transactional
	public void delete(String userId, int postId) {
		if (posts.deleteOwned(postId, userId) == 0) {
			throw missingOrForbidden(postId, userId);
		}
	}

	private RuntimeException missingOrForbidden(int postId, String userId) {
		return posts.findOwner(postId)
			.<RuntimeException>map(owner -> owner.equals(userId) ? new PostNotFoundException(postId)
					: new NotPostOwnerException(postId))
			.orElseGet(() -> new PostNotFoundException(postId));
	}

}
