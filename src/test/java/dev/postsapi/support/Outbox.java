package dev.postsapi.support;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The mails waiting to be sent (Spring Modulith's {@code event_publication} rows, deleted
 * once their listener's transaction has committed).
 */
public final class Outbox {

	private Outbox() {
	}

	/**
	 * Every mail asked for so far is handled: sent (and its token committed), or found
	 * not to be sent. A mail can arrive a moment before its transaction commits.
	 */
	public static void awaitEmpty(JdbcTemplate jdbc) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("select count(*) from event_publication", Integer.class) == 0);
	}

}
