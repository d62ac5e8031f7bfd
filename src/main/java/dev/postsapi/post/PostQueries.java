package dev.postsapi.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.postsapi.security.Caller;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hot paths, each one statement answering with the post as the API shows it, in plain
 * JDBC: no transaction (BENCHMARKS.md, "Round two") and no repository proxy ("Round
 * four") around it; a page is cut first, so only its rows' votes are counted.
 */
@Component
class PostQueries {

	private static final RowMapper<PostResponse> POST = PostQueries::post;

	private final JdbcClient jdbc;

	PostQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<PostResponse> listOwn(String userId, PostPage page) {
		return this.jdbc.sql("""
				select p.*, (select count(*) from votes v where v.post_id = p.post_id) as votes
				from (select post_id, post_data, user_id, created_at from posts
				  where user_id = :userId and (:pattern = '' or lower(post_data) like lower(:pattern) escape '\\')
				  order by created_at desc, post_id desc offset :offset limit :limit) p
				order by p.created_at desc, p.post_id desc""")
			.param("userId", userId)
			.param("offset", page.offset())
			.param("limit", page.limit())
			.param("pattern", page.likePattern())
			.query(POST)
			.list();
	}

	List<PostResponse> listAll(PostPage page) {
		return this.jdbc.sql("""
				select p.*, (select count(*) from votes v where v.post_id = p.post_id) as votes
				from (select post_id, post_data, user_id, created_at from posts
				  where :pattern = '' or lower(post_data) like lower(:pattern) escape '\\'
				  order by created_at desc, post_id desc offset :offset limit :limit) p
				order by p.created_at desc, p.post_id desc""")
			.param("offset", page.offset())
			.param("limit", page.limit())
			.param("pattern", page.likePattern())
			.query(POST)
			.list();
	}

	Optional<PostResponse> findOwned(int postId, String userId) {
		return this.jdbc.sql("""
				select p.*, (select count(*) from votes v where v.post_id = p.post_id) as votes
				from posts p where p.post_id = :postId and p.user_id = :userId""")
			.param("postId", postId)
			.param("userId", userId)
			.query(POST)
			.optional();
	}

	/**
	 * Inserts a post of the caller's session's account, the database assigning its id and
	 * time; none once that session's row is gone (its account deleted, perhaps with its
	 * user_id registered again by someone else). The account's row is locked as the
	 * foreign key would lock it, but as the session found it: the foreign key alone
	 * checks the newest row of that user_id, which may be a new account's, while the
	 * statement still sees the ended session.
	 */
	Optional<PostResponse> insert(Caller caller, String postData) {
		return this.jdbc.sql("""
				insert into posts (post_data, user_id)
				select :postData, u.user_id from sessions s join users u on u.user_id = s.user_id
				where s.session_id = :sessionId and s.user_id = :userId for key share of u
				returning post_id, post_data, user_id, created_at, 0 as votes""")
			.param("postData", postData)
			.param("sessionId", caller.sessionId())
			.param("userId", caller.userId())
			.query(POST)
			.optional();
	}

	/**
	 * 0 when the caller already voted or its session's row is gone (as for
	 * {@link #insert}); a missing post, or voter, fails on the foreign key.
	 */
	int insertVote(Caller caller, int postId) {
		return this.jdbc.sql("""
				insert into votes (user_id, post_id)
				select u.user_id, :postId from sessions s join users u on u.user_id = s.user_id
				where s.session_id = :sessionId and s.user_id = :userId for key share of u
				on conflict (user_id, post_id) do nothing""")
			.param("postId", postId)
			.param("sessionId", caller.sessionId())
			.param("userId", caller.userId())
			.update();
	}

	private static PostResponse post(ResultSet row, int rowNumber) throws SQLException {
		return new PostResponse(row.getInt("post_id"), row.getString("post_data"), row.getString("user_id"),
				row.getTimestamp("created_at").toInstant(), row.getLong("votes"));
	}

}
