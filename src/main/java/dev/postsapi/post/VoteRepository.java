package dev.postsapi.post;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface VoteRepository extends JpaRepository<Vote, Vote.Key> {

	/**
	 * Adds a vote; 0 when the caller already voted. The primary key decides, so of
	 * concurrent identical votes exactly one counts. A missing post fails on the foreign
	 * key.
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			insert into votes (user_id, post_id) values (:userId, :postId)
			on conflict (user_id, post_id) do nothing""")
	int insertIfAbsent(String userId, int postId);

	@Modifying
	@Query("delete from Vote v where v.userId = :userId and v.postId = :postId")
	int deleteVote(String userId, int postId);

}
