package dev.postsapi.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements the application's requests send, whatever sends them
 * (Hibernate, JdbcClient), by watching every connection the data source hands out; the
 * background work (scheduled clean-ups and retries, mail sending) is left out. Import it
 * and inject it.
 */
public final class StatementCounter {

	private final AtomicLong statements = new AtomicLong();

	private volatile StatementHook beforeEach = (sql) -> {
	};

	private volatile @Nullable SQLException connectionFailure;

	/** Counts from zero again, with no hook and no failing connections. */
	public void reset() {
		this.statements.set(0);
		this.beforeEach = (sql) -> {
		};
		this.connectionFailure = null;
	}

	/**
	 * Every connection the requests ask for fails with {@code failure} (the database gone
	 * as a connection is opened), until {@link #reset()}.
	 */
	public void failConnections(SQLException failure) {
		this.connectionFailure = failure;
	}

	/**
	 * Runs {@code hook} with each statement's SQL before the requests' connections
	 * prepare it (a test fails one, or changes data meanwhile); {@link #reset()} removes
	 * it.
	 */
	public void beforeEach(StatementHook hook) {
		this.beforeEach = hook;
	}

	public long count() {
		return this.statements.get();
	}

	private DataSource counting(DataSource dataSource) {
		return new DelegatingDataSource(dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				SQLException failure = StatementCounter.this.connectionFailure;
				if (failure != null && !inBackground()) {
					throw failure;
				}
				return counting(super.getConnection());
			}

		};
	}

	private static boolean inBackground() {
		String thread = Thread.currentThread().getName();
		return thread.startsWith("scheduling-") || thread.startsWith("mail-");
	}

	private Connection counting(Connection connection) {
		InvocationHandler handler = (proxy, method, args) -> {
			if ((method.getName().equals("prepareStatement") || method.getName().equals("createStatement")
					|| method.getName().equals("prepareCall")) && !inBackground()) {
				this.statements.incrementAndGet();
				if (args != null && args.length > 0 && args[0] instanceof String sql) {
					this.beforeEach.before(sql);
				}
			}
			try {
				return method.invoke(connection, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	/** What {@link #beforeEach} runs. */
	@FunctionalInterface
	public interface StatementHook {

		void before(String sql) throws SQLException;

	}

	/** Wraps the application's data source so the counter sees every statement. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		static StatementCounter statementCounter() {
			return new StatementCounter();
		}

		@Bean
		static BeanPostProcessor countingDataSource(
				org.springframework.beans.factory.ObjectProvider<StatementCounter> counter) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource) ? counter.getObject().counting(dataSource) : bean;
				}

			};
		}

	}

}
