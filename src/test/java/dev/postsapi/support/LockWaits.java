package dev.postsapi.support;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements waiting for locks, as the database sees them: one instance's request for a
 * row lock another instance holds (each instance's connections carry a name of their
 * own), or any waiting on a table.
 */
public final class LockWaits {

	private LockWaits() {
	}

	/** The setting that names {@code instance}'s database connections. */
	public static String connectionName(TestSchema schema, String instance) {
		return "spring.datasource.hikari.data-source-properties.ApplicationName=" + name(schema, instance);
	}

	/**
	 * Sends {@code request} and returns once a connection of {@code waiting} waits for
	 * one of {@code holding}; fails if none does within 30 s.
	 */
	public static <T> CompletableFuture<T> onceItWaits(TestSchema schema, String waiting, String holding,
			Supplier<T> request) throws InterruptedException {
		CompletableFuture<T> sent = CompletableFuture.supplyAsync(request);
		String blocked = """
				select count(*) from pg_stat_activity a
				where a.application_name = '%s' and exists (select 1 from pg_stat_activity b
				  where b.pid = any(pg_blocking_pids(a.pid)) and b.application_name = '%s')"""
			.formatted(name(schema, waiting), name(schema, holding));
		for (int i = 0; i < 300 && schema.count(blocked) < 1; i++) {
			Thread.sleep(100);
		}
		assertThat(schema.count(blocked)).as("requests of %s waiting for %s", waiting, holding).isEqualTo(1);
		return sent;
	}

	/**
	 * Returns once at least {@code count} statements of this database that name
	 * {@code table} wait for a lock, with how many do; fails if they do not within 30 s.
	 */
	public static int onTable(JdbcTemplate jdbc, String table, int count) throws InterruptedException {
		String waiting = "select count(*) from pg_stat_activity where wait_event_type = 'Lock' " + "and query like '%"
				+ table + "%' and datname = current_database()";
		for (int i = 0; i < 300 && jdbc.queryForObject(waiting, Integer.class) < count; i++) {
			Thread.sleep(100);
		}
		int found = jdbc.queryForObject(waiting, Integer.class);
		assertThat(found).as("statements waiting for a lock on %s", table).isGreaterThanOrEqualTo(count);
		return found;
	}

	private static String name(TestSchema schema, String instance) {
		return schema.name() + "-" + instance;
	}

}
