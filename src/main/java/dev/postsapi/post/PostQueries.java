package dev.postsapi.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.postsapi.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hot paths, each one statement answering with the post as the API shows it (a page
 * whose posts' text is longer than {@link #TEXT_PER_STATEMENT}, more), in plain JDBC: no
 * transaction (BENCHMARKS.md, "Round two") and no repository proxy ("Round four") around
 * it; a page is cut first, so only its rows' votes are counted.
 */
@Component
class PostQueries {

	private static final RowMapper<PostResponse> POST = PostQueries::post;

	private static final RowMapper<PageRow> PAGE_ROW = (row, rowNumber) -> new PageRow(row.getInt("post_id"),
			row.getString("post_data"), row.getString("user_id"), row.getTimestamp("created_at").toInstant(),
			row.getLong("votes"), row.getInt("bytes"));

	/** Bytes of posts' text a page's statements bring at a time (see {@link #page}). */
	static final int TEXT_PER_STATEMENT = 32 * 1024;

	/** A post's text contains :pattern, ignoring case, or :pattern is empty. */
	private static final String MATCHES = "(:pattern = '' or lower(post_data) like lower(:pattern) escape '\\')";

	/**
	 * A page's posts, each with its text while the ones before it hold fewer than
	 * :textPerStatement bytes, its length in bytes, and its vote count: the page is cut
	 * first, so only its rows are counted and measured.
	 */
	private static final String PAGE = """
			select p.post_id, p.user_id, p.created_at, octet_length(p.post_data) as bytes,
			  case when coalesce(sum(octet_length(p.post_data)) over (order by p.created_at desc, p.post_id desc
			    rows between unbounded preceding and 1 preceding), 0) < :textPerStatement then p.post_data end as post_data,
			  (select count(*) from votes v where v.post_id = p.post_id) as votes
			from (select post_id, post_data, user_id, created_at from posts
			  where %s %s
			  order by created_at desc, post_id desc offset :offset limit :limit) p
			order by p.created_at desc, p.post_id desc""";

	private static final String PAGE_OF_ONES_OWN = PAGE.formatted("user_id = :userId and", MATCHES);

	private static final String PAGE_OF_ALL = PAGE.formatted("", MATCHES);

	private final JdbcClient jdbc;

	PostQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Stream<PostResponse> listOwn(String userId, PostPage page) {
		return page(PAGE_OF_ONES_OWN, page, Map.of("userId", userId));
	}

	Stream<PostResponse> listAll(PostPage page) {
		return page(PAGE_OF_ALL, page, Map.of());
	}

	/**
	 * A page, read by one statement that brings the posts' text up to about
	 * {@link #TEXT_PER_STATEMENT} bytes (every page of ordinary posts) and only the
	 * length of the rest; their text is read by id, that many bytes at a time, as the
	 * answer is written. A page may hold 1,000 posts of 10,000 characters, 40 MB: read at
	 * once, a few such requests took the whole heap (BENCHMARKS.md, "Round thirty"). A
	 * post deleted before its text is read is left out, and so is one a search found
	 * whose text no longer matches; a statement failing then cuts the answer short
	 * (web/ApiExceptionHandler).
	 */
	private Stream<PostResponse> page(String sql, PostPage page, Map<String, ?> parameters) {
		List<PageRow> rows = this.jdbc.sql(sql)
			.params(parameters)
			.param("offset", page.offset())
			.param("limit", page.limit())
			.param("pattern", page.likePattern())
			.param("textPerStatement", TEXT_PER_STATEMENT)
			.query(PAGE_ROW)
			.list();
		int withText = 0;
		while (withText < rows.size() && rows.get(withText).postData() != null) {
			withText++;
		}
		Stream<PostResponse> read = rows.subList(0, withText).stream().map(row -> row.post(row.postData()));
		if (withText == rows.size()) {
			return read;
		}
		List<List<PageRow>> batches = new ArrayList<>();
		long batchBytes = 0;
		for (PageRow row : rows.subList(withText, rows.size())) {
			if (batches.isEmpty() || batchBytes + row.bytes() > TEXT_PER_STATEMENT) {
				batches.add(new ArrayList<>());
				batchBytes = 0;
			}
			batches.getLast().add(row);
			batchBytes += row.bytes();
		}
		return Stream.concat(read, batches.stream().flatMap(batch -> withText(batch, page)));
	}

	private Stream<PostResponse> withText(List<PageRow> batch, PostPage page) {
		Map<Integer, String> texts = new HashMap<>();
		// the search again: a post's text may have changed since the page's statement
		this.jdbc.sql("select post_id, post_data from posts where post_id in (:ids) and " + MATCHES)
			.param("ids", batch.stream().map(PageRow::postId).toList())
			.param("pattern", page.likePattern())
			.query((ResultSet row) -> {
				texts.put(row.getInt("post_id"), row.getString("post_data"));
			});
		return batch.stream()
			.filter(row -> texts.containsKey(row.postId()))
			.map(row -> row.post(texts.get(row.postId())));
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

	/** A post of a page; its text is null where it was left to be read by id. */
	record PageRow(int postId, @Nullable String postData, String userId, Instant createdAt, long votes, int bytes) {

		PostResponse post(String text) {
			return new PostResponse(this.postId, text, this.userId, this.createdAt, this.votes);
		}

	}

	private static PostResponse post(ResultSet row, int rowNumber) throws SQLException {
		return new PostResponse(row.getInt("post_id"), row.getString("post_data"), row.getString("user_id"),
				row.getTimestamp("created_at").toInstant(), row.getLong("votes"));
	}

}
