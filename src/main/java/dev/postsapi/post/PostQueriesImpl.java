package dev.postsapi.post;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.jspecify.annotations.Nullable;

/**
 * One statement per page: the vote count is a correlated sub-select served by the index
 * on {@code votes(post_id)}, so the cost grows with the page size, never with a query per
 * post. Written by hand because the offset is arbitrary (not a multiple of the page
 * size). The order matches the indexes on {@code (user_id, created_at, post_id)} and
 * {@code (created_at, post_id)}; {@code post_id} makes equal timestamps order stably.
 */
class PostListingsImpl implements PostListings {

	private final EntityManager entityManager;

	PostListingsImpl(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@Override
	public List<PostResponse> list(@Nullable String userId, PostPage page) {
		List<String> conditions = new ArrayList<>();
		if (userId != null) {
			conditions.add("p.userId = :userId");
		}
		String pattern = page.likePattern();
		if (pattern != null) {
			conditions.add("lower(p.postData) like :pattern escape '\\'");
		}
		String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
		// the page is cut in a derived table first, so votes are counted for its rows
		// only, not for every row an offset skips
		String jpql = """
				select new dev.postsapi.post.PostResponse(page.postId, page.postData, page.userId, page.createdAt,
					(select count(*) from Vote v where v.postId = page.postId))
				from (select p.postId as postId, p.postData as postData, p.userId as userId, p.createdAt as createdAt
					from Post p%s
					order by p.createdAt desc, p.postId desc
					offset :offset rows fetch first :limit rows only) page
				order by page.createdAt desc, page.postId desc""".formatted(where);
		TypedQuery<PostResponse> query = entityManager.createQuery(jpql, PostResponse.class)
			.setParameter("offset", page.offset())
			.setParameter("limit", page.limit());
		if (userId != null) {
			query.setParameter("userId", userId);
		}
		if (pattern != null) {
			query.setParameter("pattern", pattern);
		}
		return query.getResultList();
	}

}
