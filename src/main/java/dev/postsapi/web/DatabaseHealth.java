package dev.postsapi.web;

import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health endpoint's database check (in readiness) on a connection of its own, not one
 * of the requests' pool: a pool kept busy by a flood of requests is not an unreachable
 * database, and a probe queued behind the flood for a pooled connection failed on every
 * replica at once, leaving the Service no endpoint while the database was fine. The one
 * connection is pooled too, so however many ask for health, it opens no more.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

	/** In place of Boot's {@code db} contributor, which backs off for this name. */
	@Bean
	OwnConnectionHealthIndicator dbHealthContributor(DataSource requests) throws SQLException {
		HikariDataSource pool = requests.unwrap(HikariDataSource.class);
		HikariConfig config = new HikariConfig();
		config.setPoolName(pool.getPoolName() + "-health");
		config.setJdbcUrl(pool.getJdbcUrl());
		config.setUsername(pool.getUsername());
		config.setPassword(pool.getPassword());
		Properties settings = new Properties();
		settings.putAll(pool.getDataSourceProperties());
		// an answer within 2 s, as a connection within 2 s: a probe waits 5 s
		settings.setProperty("socketTimeout", "2");
		config.setDataSourceProperties(settings);
		config.setMaximumPoolSize(1);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(2000);
		config.setValidationTimeout(1000);
		// the requests' pool reports a database missing at start-up
		config.setInitializationFailTimeout(-1);
		return new OwnConnectionHealthIndicator(new HikariDataSource(config));
	}

	static final class OwnConnectionHealthIndicator extends DataSourceHealthIndicator implements DisposableBean {

		private final HikariDataSource connection;

		OwnConnectionHealthIndicator(HikariDataSource connection) {
			super(connection, "select 1");
			this.connection = connection;
		}

		@Override
		public void destroy() {
			this.connection.close();
		}

	}

}
