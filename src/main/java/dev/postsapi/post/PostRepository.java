package dev.postsapi.post;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Posts and votes: each change one statement; the hot reads are {@link PostQueries}. */
interface PostRepository extends Repository<Post, Integer> {

	/**
	 * The caller's session's row is still there: a request past its token check whose
	 * account was deleted meanwhile, and its user_id perhaps registered again, changes
	 * nothing of the new account's.
	 */
	String SESSION_STILL_THERE = " and exists (select 1 from sessions s where s.session_id = :sessionId"
			+ " and s.user_id = :userId)";

	@Query(nativeQuery = true, value = "select user_id from posts where post_id = :postId")
	Optional<String> findOwner(int postId);

	/** 0 when the post is missing or someone else's, or the session's row is gone. */
	@Modifying
	@Query(nativeQuery = true, value = "update posts set post_data = :postData where post_id = :postId"
			+ " and user_id = :userId" + SESSION_STILL_THERE)
	int updateOwned(int postId, String userId, UUID sessionId, String postData);

	/**
	 * 0 when the post is missing, or someone else's (or the session's row is gone) and
	 * {@code any} is false; its votes go with it (cascade).
	 */
	@Modifying
	@Query(nativeQuery = true, value = "delete from posts where post_id = :postId and (:any or user_id = :userId"
			+ SESSION_STILL_THERE + ")")
	int deleteOwnedOrAny(int postId, String userId, UUID sessionId, boolean any);

	/** 0 when there is no such vote, or the session's row is gone. */
	@Modifying
	@Query(nativeQuery = true,
			value = "delete from votes where user_id = :userId and post_id = :postId" + SESSION_STILL_THERE)
	int deleteVote(String userId, UUID sessionId, int postId);

}
