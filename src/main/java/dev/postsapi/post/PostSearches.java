package dev.postsapi.post;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Listings with a search. A substring match scans rows no index serves (README,
 * "search"), so a search runs at most {@code POSTS_SEARCH_TIMEOUT}, and at most
 * {@code POSTS_SEARCH_CONCURRENCY} at once per instance, the rest waiting without a
 * connection: searches cannot take the pool from every other request.
 */
@Component
@ConcurrencyLimit(limitString = "${posts.search.concurrency}")
class PostSearches {

	private final PostQueries queries;

	private final TransactionTemplate bounded;

	PostSearches(PostQueries queries, PlatformTransactionManager transactions, PostSearchProperties properties) {
		this.queries = queries;
		this.bounded = new TransactionTemplate(transactions);
		this.bounded.setReadOnly(true);
		// each statement of the transaction gets the time left as its query timeout
		this.bounded.setTimeout(Math.toIntExact(properties.timeout().toSeconds()));
	}

	List<PostResponse> listOwn(String userId, PostPage page) {
		return bounded(() -> this.queries.listOwn(userId, page));
	}

	List<PostResponse> feed(PostPage page) {
		return bounded(() -> this.queries.listAll(page));
	}

	private List<PostResponse> bounded(Supplier<List<PostResponse>> search) {
		try {
			return this.bounded.execute((transaction) -> search.get());
		}
		catch (QueryTimeoutException ex) {
			ErrorResponseException tooLong = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
					ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
							"The search took too long; try again shortly, or search for something else"),
					ex);
			tooLong.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			throw tooLong;
		}
	}

}
