package dev.postsapi.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of the application's advisory locks, held by a test so that the work that takes it
 * (the admins' account changes and own deletions, the bootstrap admin) lines up behind it
 * and goes on one at a time, in the order it came, once the lock is released.
 */
public final class AdvisoryLock implements AutoCloseable {

	/** What every change to accounts takes first. */
	public static final String ACCOUNT_CHANGES = "posts-api:account-changes";

	/** What an instance's start takes to make the first admin. */
	public static final String BOOTSTRAP_ADMIN = "posts-api:bootstrap-admin";

	private final TestSchema schema;

	private final Connection connection;

	private final String key;

	private boolean held = true;

	private AdvisoryLock(TestSchema schema, Connection connection, String name) {
		this.schema = schema;
		this.connection = connection;
		this.key = "hashtext('" + name + "')";
	}

	/** Takes the lock named {@code name} for the test, until {@link #release()}. */
	public static AdvisoryLock take(TestSchema schema, String name) throws SQLException {
		AdvisoryLock lock = new AdvisoryLock(schema, schema.connect(), name);
		lock.call("pg_advisory_lock");
		return lock;
	}

	/** Until this many wait for the lock. */
	public void awaitWaiting(int waiting) throws InterruptedException {
		String waiters = """
				select count(*) from pg_locks where locktype = 'advisory' and not granted
				  and database = (select oid from pg_database where datname = current_database())
				  and objid::bigint = %s::bigint & 4294967295""".formatted(this.key);
		for (int i = 0; i < 600 && this.schema.count(waiters) < waiting; i++) {
			Thread.sleep(100);
		}
		assertThat(this.schema.count(waiters)).as("waiting for %s", this.key).isEqualTo(waiting);
	}

	/** Releases the lock: what waits for it goes on. */
	public void release() throws SQLException {
		if (this.held) {
			this.held = false;
			call("pg_advisory_unlock");
		}
	}

	@Override
	public void close() throws SQLException {
		try (this.connection) {
			release();
		}
	}

	private void call(String function) throws SQLException {
		try (PreparedStatement statement = this.connection
			.prepareStatement("select " + function + "(" + this.key + ")")) {
			statement.execute();
		}
	}

}
