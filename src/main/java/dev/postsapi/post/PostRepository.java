package dev.postsapi.post;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Posts: the hot reads and the insert in SQL ({@link PostQueries}), the owner rules in
 * JPQL.
 */
interface PostRepository extends JpaRepository<Post, Integer>, PostQueries {

	@Query("select p.userId from Post p where p.postId = :postId")
	Optional<String> findOwner(int postId);

	/** Updates only the caller's post; 0 when it is missing or someone else's. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update Post p set p.postData = :postData where p.postId = :postId and p.userId = :userId")
	int updateOwned(int postId, String userId, String postData);

	/** Deletes only the caller's post; its votes go with it (ON DELETE CASCADE). */
	@Modifying
	@Query("delete from Post p where p.postId = :postId and p.userId = :userId")
	int deleteOwned(int postId, String userId);

}
