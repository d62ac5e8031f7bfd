package dev.postsapi.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock every change to accounts takes first (an admin's change or deletion, the
 * deletion of one's own account), held by a test so that requests line up behind it and
 * go on one at a time, in the order they came, once it is released.
 */
public final class AccountChangesLock implements AutoCloseable {

	private static final String KEY = "hashtext('posts-api:account-changes')";

	private final TestSchema schema;

	private final Connection connection;

	private AccountChangesLock(TestSchema schema, Connection connection) {
		this.schema = schema;
		this.connection = connection;
	}

	/** Takes the lock for the test until {@link #close()}. */
	public static AccountChangesLock take(TestSchema schema) throws SQLException {
		AccountChangesLock lock = new AccountChangesLock(schema, schema.connect());
		lock.call("pg_advisory_lock");
		return lock;
	}

	/** Until this many changes wait for the lock. */
	public void awaitWaiting(int waiting) throws InterruptedException {
		String waiters = """
				select count(*) from pg_locks where locktype = 'advisory' and not granted
				  and database = (select oid from pg_database where datname = current_database())
				  and objid::bigint = %s::bigint & 4294967295""".formatted(KEY);
		for (int i = 0; i < 300 && this.schema.count(waiters) < waiting; i++) {
			Thread.sleep(100);
		}
		assertThat(this.schema.count(waiters)).as("account changes waiting for their lock").isEqualTo(waiting);
	}

	/** Releases the lock: the waiting changes go on. */
	@Override
	public void close() throws SQLException {
		try (this.connection) {
			call("pg_advisory_unlock");
		}
	}

	private void call(String function) throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement("select " + function + "(" + KEY + ")")) {
			statement.execute();
		}
	}

}
