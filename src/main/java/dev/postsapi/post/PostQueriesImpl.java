package dev.postsapi.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hot paths in plain SQL through {@link JdbcClient}: each request is one statement,
 * mapped straight to the response, with no entity, no persistence context and no
 * transaction around a single statement (measured in BENCHMARKS.md). A page's vote counts
 * are a correlated sub-select served by the index on {@code votes(post_id)}, computed for
 * the page's rows only (the page is cut in a derived table first), so the cost grows with
 * the page size, never with the offset or a query per post. The order matches the indexes
 * on {@code (user_id, created_at, post_id)} and {@code (created_at, post_id)};
 * {@code post_id} makes equal times order stably.
 */
class PostQueriesImpl implements PostQueries {

	private static final RowMapper<PostResponse> POST = PostQueriesImpl::post;

	private final JdbcClient jdbc;

	PostQueriesImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<PostResponse> list(@Nullable String userId, PostPage page) {
		String pattern = page.likePattern();
		String where = (userId != null) ? "where user_id = :userId" : "where true";
		if (pattern != null) {
			where += " and lower(post_data) like :pattern escape '\\'";
		}
		JdbcClient.StatementSpec statement = this.jdbc.sql("""
				select p.post_id, p.post_data, p.user_id, p.created_at,
				  (select count(*) from votes v where v.post_id = p.post_id) as votes
				from (select post_id, post_data, user_id, created_at from posts %s
				  order by created_at desc, post_id desc offset :offset limit :limit) p
				order by p.created_at desc, p.post_id desc""".formatted(where))
			.param("offset", page.getOffset())
			.param("limit", page.getLimit());
		if (userId != null) {
			statement = statement.param("userId", userId);
		}
		if (pattern != null) {
			statement = statement.param("pattern", pattern);
		}
		return statement.query(POST).list();
	}

	@Override
	public Optional<PostResponse> findOwned(int postId, String userId) {
		return this.jdbc.sql("""
				select p.post_id, p.post_data, p.user_id, p.created_at,
				  (select count(*) from votes v where v.post_id = p.post_id) as votes
				from posts p where p.post_id = :postId and p.user_id = :userId""")
			.param("postId", postId)
			.param("userId", userId)
			.query(POST)
			.optional();
	}

	@Override
	public PostResponse insert(String userId, String postData) {
		return this.jdbc.sql("""
				insert into posts (post_data, user_id) values (:postData, :userId)
				returning post_id, post_data, user_id, created_at, 0 as votes""")
			.param("postData", postData)
			.param("userId", userId)
			.query(POST)
			.single();
	}

	private static PostResponse post(ResultSet row, int rowNumber) throws SQLException {
		return new PostResponse(row.getInt("post_id"), row.getString("post_data"), row.getString("user_id"),
				row.getTimestamp("created_at").toInstant(), row.getLong("votes"));
	}

}
