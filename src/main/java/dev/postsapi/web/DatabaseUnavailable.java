package dev.postsapi.web;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database cannot be reached (not a bug): no connection
 * within the pool's short timeout, a connection refused or cut, the server shutting down.
 * Those are answered 503 with {@code Retry-After}, fast, and the service recovers by
 * itself when the database is back.
 */
final class DatabaseUnavailable {

	/**
	 * Long enough for a restart to finish, short enough not to lose a client's interest.
	 */
	static final int RETRY_AFTER_SECONDS = 5;

	static final String DETAIL = "The database is unreachable; try again shortly";

	private DatabaseUnavailable() {
	}

	static boolean isCause(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
				return true;
			}
			// SQLSTATE class 08: connection exception; 57P01-57P03: the server is
			// shutting down
			// or not yet accepting connections
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

	static ProblemDetail problem() {
		return ProblemDetails.forStatus(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
	}

	static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
		return headers;
	}

}
