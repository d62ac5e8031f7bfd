package dev.postsapi.support;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One instance's request waiting for a row lock another instance holds, as the database
 * sees it: each instance's connections carry a name of their own.
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

	private static String name(TestSchema schema, String instance) {
		return schema.name() + "-" + instance;
	}

}
