package dev.postsapi.post;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class VoteService {

	private final VoteRepository votes;

	VoteService(VoteRepository votes) {
		this.votes = votes;
	}

	/** The caller votes on any user's post, once. */
	@Transactional
	void add(String userId, int postId) {
		int inserted;
		try {
			inserted = votes.insertIfAbsent(userId, postId);
		}
		catch (DataIntegrityViolationException ex) {
			// the foreign key to posts: no such post (or it was deleted meanwhile)
			throw new PostNotFoundException(postId);
		}
		if (inserted == 0) {
			throw new AlreadyVotedException(userId, postId);
		}
	}

	@Transactional
	void remove(String userId, int postId) {
		if (votes.deleteVote(userId, postId) == 0) {
			throw new VoteNotFoundException(postId);
		}
	}

}
