package dev.postsapi.post;

import java.util.stream.Stream;
import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.ConcurrencyLimit.ThrottlePolicy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Listings with a search, or past {@link PostPage#DEEP_OFFSET}. A substring match scans
 * rows no index serves, and a deep offset walks every index entry it skips
 * (docs/operations.md, "Performance at scale"), so at most
 * {@code POSTS_SEARCH_CONCURRENCY} run at once per instance (one more is refused, holding
 * nothing; {@link PostService} asks again for a turn for about a second), each for at
 * most {@code POSTS_SEARCH_TIMEOUT}: searches cannot take the pool from every other
 * request.
 */
@Component
@ConcurrencyLimit(limitString = "${posts.search.concurrency}", policy = ThrottlePolicy.REJECT)
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

	Stream<PostResponse> listOwn(String userId, PostPage page) {
		return bounded(() -> this.queries.listOwn(userId, page));
	}

	Stream<PostResponse> feed(PostPage page) {
		return bounded(() -> this.queries.listAll(page));
	}

	private Stream<PostResponse> bounded(Supplier<Stream<PostResponse>> search) {
		try {
			return this.bounded.execute((transaction) -> search.get());
		}
		// cancelled while it ran, or its time was up before it started
		catch (QueryTimeoutException | TransactionTimedOutException ex) {
			throw unavailable("The search or deep page took too long; try again shortly, or narrow it", ex);
		}
	}

	/** 503 with Retry-After: a search refused now may well be answered shortly. */
	static ErrorResponseException unavailable(String detail, Throwable cause) {
		ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail), cause);
		unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		return unavailable;
	}

}
