package dev.postsapi.post;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.postsapi.security.Caller;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Role;
import dev.postsapi.security.SessionEndedException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.resilience.InvocationRejectedException;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Posts, their owner rules and votes. Reads are single statements without a transaction
 * (but searches, bounded in one: {@link PostSearches}); changes are single conditional
 * statements, so nothing slips between check and write, each conditional on the caller's
 * session's row too: a user_id is an account only while that row is there.
 */
@Service
class PostService {

	/** Who deletes any post. */
	private static final List<Role> MODERATING = List.of(Role.MODERATOR, Role.ADMIN);

	private static final AuthorizationManager<Integer> MODERATORS = AuthorityAuthorizationManager
		.hasAnyRole(MODERATING.stream().map(Role::name).toArray(String[]::new));

	/**
	 * A search refused for want of a turn asks again for about a second, in growing
	 * steps, before its 503: most searches take milliseconds, and a burst of a few more
	 * than {@code POSTS_SEARCH_CONCURRENCY} was refused though turns came free at once.
	 */
	private static final RetryTemplate TURNS = new RetryTemplate(RetryPolicy.builder()
		.includes(InvocationRejectedException.class)
		.maxRetries(10)
		.delay(Duration.ofMillis(10))
		.multiplier(1.5)
		.maxDelay(Duration.ofMillis(250))
		.jitter(Duration.ofMillis(5))
		.build());

	private final PostRepository posts;

	private final PostQueries queries;

	private final PostSearches searches;

	private final LiveSessions sessions;

	PostService(PostRepository posts, PostQueries queries, PostSearches searches, LiveSessions sessions) {
		this.posts = posts;
		this.queries = queries;
		this.searches = searches;
		this.sessions = sessions;
	}

	Stream<PostResponse> listOwn(String userId, PostPage page) {
		return page.scans() ? searching(() -> this.searches.listOwn(userId, page)) : this.queries.listOwn(userId, page);
	}

	Stream<PostResponse> feed(PostPage page) {
		return page.scans() ? searching(() -> this.searches.feed(page)) : this.queries.listAll(page);
	}

	private static Stream<PostResponse> searching(Supplier<Stream<PostResponse>> search) {
		try {
			return TURNS.invoke(search);
		}
		catch (InvocationRejectedException ex) {
			throw PostSearches.unavailable("Too many searches or deep pages are running; try again shortly", ex);
		}
	}

	/** Another user's post is reported missing, so ids don't reveal what others wrote. */
	PostResponse getOwn(String userId, int postId) {
		return this.queries.findOwned(postId, userId).orElseThrow(() -> notFound(postId));
	}

	PostResponse create(Caller caller, String postData) {
		try {
			return this.queries.insert(caller, postData).orElseThrow(SessionEndedException::new);
		}
		catch (DataIntegrityViolationException ex) {
			// the foreign key: the account was deleted after the request's check
			throw sessionEndedOr(caller, () -> ex);
		}
	}

	@Transactional
	PostResponse update(Caller caller, int postId, String postData) {
		String userId = caller.userId();
		if (this.posts.updateOwned(postId, userId, caller.sessionId(), postData) == 0) {
			throw sessionEndedOr(caller, () -> missingOrForbidden(postId, userId));
		}
		// the updated row stays locked until commit: a concurrent delete waits
		return this.queries.findOwned(postId, userId).orElseThrow(() -> notFound(postId));
	}

	/**
	 * The owner's, or any post when a moderator or an admin asks, still one once the
	 * account is held: a demotion committed since the request's check is seen.
	 */
	@Transactional
	void delete(Caller caller, int postId) {
		boolean moderator = MODERATORS.authorize(SecurityContextHolder.getContext()::getAuthentication, postId)
			.isGranted() && isModeratorStill(caller);
		if (this.posts.deleteOwnedOrAny(postId, caller.userId(), caller.sessionId(), moderator) == 0) {
			throw sessionEndedOr(caller, () -> missingOrForbidden(postId, caller.userId()));
		}
	}

	private boolean isModeratorStill(Caller caller) {
		List<Role> roles = this.sessions.holdRolesIfLive(caller.sessionId(), caller.userId());
		if (roles == null) {
			// disabled, demoted or deleted while the request waited
			throw new SessionEndedException();
		}
		return roles.stream().anyMatch(MODERATING::contains);
	}

	/**
	 * The caller votes on any user's post, once. One statement, no transaction: when it
	 * fails on a foreign key, whose row went is asked afterwards.
	 */
	void vote(Caller caller, int postId) {
		int inserted;
		try {
			inserted = this.queries.insertVote(caller, postId);
		}
		catch (DataIntegrityViolationException ex) {
			// no such post or deleted meanwhile, unless the voter's account went
			throw sessionEndedOr(caller, () -> notFound(postId));
		}
		if (inserted == 0) {
			throw sessionEndedOr(caller, () -> new ResponseStatusException(HttpStatus.CONFLICT,
					"User " + caller.userId() + " has already voted on post " + postId));
		}
	}

	/**
	 * The 401 the caller's token gets from now on when its session ended (the account
	 * deleted after the request's check: its rows are gone, and its user_id may be
	 * someone else's now), else the given failure.
	 */
	private RuntimeException sessionEndedOr(Caller caller, Supplier<RuntimeException> otherwise) {
		try {
			return (this.sessions.rolesIfLive(caller.sessionId(), caller.userId()) == null)
					? new SessionEndedException() : otherwise.get();
		}
		catch (RuntimeException unanswered) {
			RuntimeException failure = otherwise.get();
			failure.addSuppressed(unanswered);
			return failure;
		}
	}

	@Transactional
	void unvote(Caller caller, int postId) {
		if (this.posts.deleteVote(caller.userId(), caller.sessionId(), postId) == 0) {
			throw sessionEndedOr(caller, () -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"There is no vote of yours on post " + postId));
		}
	}

	/** No such post, or (for reads) not the caller's: the two are not told apart. */
	static ResponseStatusException notFound(int postId) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "Post " + postId + " was not found");
	}

	private RuntimeException missingOrForbidden(int postId, String userId) {
		return this.posts.findOwner(postId)
			.<RuntimeException>map(owner -> owner.equals(userId) ? notFound(postId)
					: new ResponseStatusException(HttpStatus.FORBIDDEN, "Post " + postId + " belongs to another user"))
			.orElseGet(() -> notFound(postId));
	}

}
