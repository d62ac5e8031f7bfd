package dev.postsapi.post;

import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Posts and votes: each change one statement; the hot reads are {@link PostQueries}. */
interface PostRepository extends Repository<Post, Integer> {

	@Query(nativeQuery = true, value = "select user_id from posts where post_id = :postId")
	Optional<String> findOwner(int postId);

	/** 0 when the post is missing or someone else's. */
	@Modifying
	@Query(nativeQuery = true,
			value = "update posts set post_data = :postData where post_id = :postId and user_id = :userId")
	int updateOwned(int postId, String userId, String postData);

	/**
	 * 0 when the post is missing, or someone else's and {@code any} is false; its votes
	 * go with it (cascade).
	 */
	@Modifying
	@Query(nativeQuery = true, value = "delete from posts where post_id = :postId and (user_id = :userId or :any)")
	int deleteOwnedOrAny(int postId, String userId, boolean any);

	@Modifying
	@Query(nativeQuery = true, value = "delete from votes where user_id = :userId and post_id = :postId")
	int deleteVote(String userId, int postId);

}
