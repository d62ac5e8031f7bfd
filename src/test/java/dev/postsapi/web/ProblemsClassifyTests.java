package dev.postsapi.web;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures that are not bugs get their own answer, wherever they sit in the cause chain.
 */
class ProblemsClassifyTests {

	@Test
	void classifyWhenDeadlockOrSerializationFailureThen409ToTryAgain() {
		for (String sqlState : new String[] { "40P01", "40001" }) {
			ErrorResponseException answer = Problems.classify(new PessimisticLockingFailureException("lost",
					new CannotAcquireLockException("chosen", new SQLException("ERROR: deadlock detected", sqlState))));

			assertThat(answer).as(sqlState).isNotNull();
			assertThat(answer.getStatusCode().value()).isEqualTo(409);
			assertThat(answer.getBody().getDetail()).contains("try again");
		}
	}

	@Test
	void classifyWhenTheDatabaseCancelsRefusesLocksOrIsReadOnlyThen503WithRetryAfter() {
		// cancelled, lock_timeout, read-only transaction, too many connections, disk full
		for (String sqlState : new String[] { "57014", "55P03", "25006", "53300", "53100" }) {
			ErrorResponseException answer = Problems
				.classify(new QueryTimeoutException("stopped", new SQLException("ERROR: stopped", sqlState)));

			assertThat(answer).as(sqlState).isNotNull();
			assertThat(answer.getStatusCode().value()).isEqualTo(503);
			assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
			assertThat(answer.getBody().getDetail()).contains("try again");
		}
	}

	@Test
	void classifyWhenAnotherSqlFailureThenABug() {
		assertThat(Problems.classify(new SQLException("ERROR: division by zero", "22012"))).isNull();
	}

}
