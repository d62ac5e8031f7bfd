package dev.postsapi.web;

import java.util.Properties;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database's health (in readiness) asked on connections of its own, not the pool's: a
 * pool busy with a flood of requests is not an unreachable database, and a probe waiting
 * behind the flood for a pooled connection failed on every replica at once, leaving the
 * Service no endpoint while the database was fine. Each check opens its own connection,
 * so it is the database's state it reports, within seconds.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

	/** Seconds a check may take to connect, to log in, and for an answer. */
	private static final String TIMEOUT_SECONDS = "2";

	/** In place of Boot's {@code db} contributor, which backs off for this name. */
	@Bean
	DataSourceHealthIndicator dbHealthContributor(JdbcConnectionDetails database) {
		Properties settings = new Properties();
		settings.setProperty("connectTimeout", TIMEOUT_SECONDS);
		settings.setProperty("loginTimeout", TIMEOUT_SECONDS);
		settings.setProperty("socketTimeout", TIMEOUT_SECONDS);
		settings.setProperty("ApplicationName", "posts-api health");
		settings.setProperty("logServerErrorDetail", "false");
		DriverManagerDataSource connections = new DriverManagerDataSource(database.getJdbcUrl(), database.getUsername(),
				database.getPassword());
		connections.setConnectionProperties(settings);
		return new DataSourceHealthIndicator(connections, "select 1");
	}

}
