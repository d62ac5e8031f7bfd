package dev.postsapi.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * The one place RFC 9457 problem details are made, completed (type, detail, request id)
 * and, outside Spring MVC (filters, the security chain, Tomcat's valve), written.
 */
@Component
public class Problems {

	private static final HeaderWriter PROTECTION = new CompositeHeaderWriter(
			List.of(new XContentTypeOptionsHeaderWriter(), new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
					new CacheControlHeadersWriter(), new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER)));

	private static final Logger log = LoggerFactory.getLogger(Problems.class);

	private final JsonMapper jsonMapper;

	Problems(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** Fills in what the contract promises and Spring may leave out. */
	ProblemDetail complete(ProblemDetail problem) {
		if (problem.getType() == null) {
			problem.setType(URI.create("about:blank"));
		}
		if (problem.getDetail() == null) {
			// a 501 (Tomcat's answer to CONNECT) is no failure of the service's
			HttpStatus status = HttpStatus.resolve(problem.getStatus());
			problem.setDetail((status == null || status == HttpStatus.INTERNAL_SERVER_ERROR)
					? "An unexpected error occurred" : status.getReasonPhrase());
		}
		problem.setProperty(ApiFilter.REQUEST_ID, MDC.get(ApiFilter.REQUEST_ID));
		return problem;
	}

	/** Answers outside Spring MVC: in a filter or the security chain. */
	public void write(HttpServletRequest request, HttpServletResponse response, ErrorResponse answer)
			throws IOException {
		answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
		write(request, response, answer.getBody());
	}

	/**
	 * Likewise, for an answer with no headers of its own: no exception made for it, so no
	 * stack trace filled in (BENCHMARKS.md, "Round twelve").
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail answer)
			throws IOException {
		ProblemDetail problem = complete(answer);
		problem.setInstance(instance(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(toJson(problem));
	}

	/**
	 * The headers Spring Security's chain gives every answer it passes, by its own
	 * writers, for the answers made before it (a body over the limit, a request Tomcat
	 * refuses): no content sniffing of a body that echoes the request, no framing, no
	 * caching, no referrer. Each writer leaves a header already set alone.
	 */
	static void protect(HttpServletRequest request, HttpServletResponse response) {
		PROTECTION.writeHeaders(request, response);
	}

	byte[] toJson(ProblemDetail problem) {
		return this.jsonMapper.writeValueAsBytes(problem);
	}

	/**
	 * The request's path as it came; quoted where it is no URI as it is (a broken escape
	 * Tomcat refused), none only where the request had no path it could read.
	 */
	static @Nullable URI instance(@Nullable String path) {
		if (path == null) {
			return null;
		}
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			try {
				return new URI(null, null, path, null);
			}
			catch (URISyntaxException notEvenQuoted) {
				return null;
			}
		}
	}

	/**
	 * A failure that is not a bug, found once in its cause chain: a chunked body over the
	 * limit (413), the database unreachable or refusing the work for now (503,
	 * Retry-After), a row gone or a collision with another transaction (409), unreadable
	 * parameters (400).
	 */
	static @Nullable ErrorResponseException classify(@Nullable Throwable failure) {
		SQLTransientConnectionException poolBusy = poolBusy(failure);
		if (poolBusy != null) {
			log.warn("No pooled database connection came free in time (every one busy): {}", poolBusy.getMessage());
			return unavailable("The service is busy; try again shortly", 1);
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof StreamConstraintsException && cause.getMessage().startsWith("Document length")) {
				return answer(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit");
			}
			if (isDatabaseUnreachable(cause)) {
				log.warn("The database is unreachable: {}",
						NestedExceptionUtils.getMostSpecificCause(cause).toString());
				// a restart's time
				return unavailable("The database is unreachable; try again shortly", 5);
			}
			if (isDatabaseRefusingForNow(cause)) {
				if (cause instanceof SQLException sql && "25006".equals(sql.getSQLState())) {
					// a standby after a failover, or a write in a read-only transaction
					// (a bug): the stack trace tells which
					log.error("A write was refused as read-only", cause);
				}
				else {
					log.warn("The database refused the request's work for now: {}",
							NestedExceptionUtils.getMostSpecificCause(cause).toString());
				}
				return unavailable("The database cannot take this request now; try again shortly", 5);
			}
			// a row the request refers to went away meanwhile, e.g. the caller's
			// account was deleted after the session check
			if (cause instanceof SQLException sql && "23503".equals(sql.getSQLState())) {
				return answer(HttpStatus.CONFLICT, "Something this request refers to no longer exists");
			}
			// two transactions each waited for rows the other held (PostgreSQL ended this
			// one) or could not be serialized: nothing of it was kept, and it may be
			// tried again
			if (cause instanceof SQLException sql
					&& ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
				return answer(HttpStatus.CONFLICT, "Another request changed the same data at the same time; try again");
			}
			// a form or multipart body over its limit, sent without its length up front
			// (Tomcat counts it as it parses), or with too many parts
			if (cause instanceof InvalidParameterException invalid
					&& invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
				return answer(HttpStatus.CONTENT_TOO_LARGE,
						"The request body is larger than the limit, or has more parts than it");
			}
			// broken percent-encoding or charset, too many parameters, a parameter name
			// the firewall refuses, a multipart body without a boundary or cut short
			if (cause instanceof InvalidParameterException || cause instanceof RequestRejectedException
					|| (cause instanceof MultipartException && !(cause instanceof MaxUploadSizeExceededException))) {
				return answer(HttpStatus.BAD_REQUEST, "The request's parameters or multipart body cannot be read");
			}
		}
		return null;
	}

	/**
	 * A 503 worth asking again after {@code retryAfterSeconds} (Retry-After): the service
	 * busy or its database away, not the request wrong.
	 */
	public static ErrorResponseException unavailable(String detail, int retryAfterSeconds) {
		ErrorResponseException unavailable = answer(HttpStatus.SERVICE_UNAVAILABLE, detail);
		unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
		return unavailable;
	}

	private static ErrorResponseException answer(HttpStatusCode status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	/**
	 * No pooled connection in time while the pool's last attempt to open one succeeded:
	 * every connection busy with other requests (Hikari gives the timeout the last
	 * connection failure as its cause, none when there was none since).
	 */
	private static @Nullable SQLTransientConnectionException poolBusy(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException timeout && timeout.getCause() == null
					&& timeout.getMessage() != null && timeout.getMessage().contains("Connection is not available")) {
				return timeout;
			}
		}
		return null;
	}

	/**
	 * No connection in time, one refused or cut (SQLSTATE 08), the server stopping (57P).
	 */
	private static boolean isDatabaseUnreachable(Throwable cause) {
		return cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
				|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
				|| (cause instanceof SQLException sql && sql.getSQLState() != null
						&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")));
	}

	/**
	 * A statement cancelled (an operator's pg_cancel_backend, a statement_timeout), a
	 * lock not had within lock_timeout, a read-only database (a standby after a failover)
	 * or one out of resources: the database's state, not a bug.
	 */
	private static boolean isDatabaseRefusingForNow(Throwable cause) {
		String state = (cause instanceof SQLException sql) ? sql.getSQLState() : null;
		return state != null
				&& (state.equals("57014") || state.equals("55P03") || state.equals("25006") || state.startsWith("53"));
	}

}
