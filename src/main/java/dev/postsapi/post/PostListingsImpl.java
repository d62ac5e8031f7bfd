package dev.postsapi.post;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/**
 * One statement per page: the vote count is a correlated sub-select served by the index on
 * {@code votes(post_id)}, so the cost grows with the page size, never with a query per post.
 * The order matches the indexes on {@code (user_id, created_at, post_id)} and
 * {@code (created_at, post_id)}; {@code post_id} makes equal timestamps order stably.
 */
class PostListingsImpl implements PostListings {

	private final EntityManager entityManager;

	PostListingsImpl(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@Override
	public List<PostResponse> list(String userId, PostPage page) {
		StringBuilder jpql = new StringBuilder("""
				select new dev.postsapi.post.PostResponse(p.postId, p.postData, p.userId, p.createdAt,
					(select count(*) from Vote v where v.postId = p.postId))
				from Post p where 1 = 1""");
		if (userId != null) {
			jpql.append(" and p.userId = :userId");
		}
		String pattern = page.likePattern();
		if (pattern != null) {
			jpql.append(" and lower(p.postData) like :pattern escape '\\'");
		}
		jpql.append(" order by p.createdAt desc, p.postId desc");
		TypedQuery<PostResponse> query = entityManager.createQuery(jpql.toString(), PostResponse.class);
		if (userId != null) {
			query.setParameter("userId", userId);
		}
		if (pattern != null) {
			query.setParameter("pattern", pattern);
		}
		return query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
	}

}
