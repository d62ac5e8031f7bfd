package dev.postsapi.limits;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The limits' settings, and the housekeeping that deletes counters whose window ended.
 * Every instance runs it; the deletes skip rows another instance holds, so several at
 * once do no harm.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
@EnableScheduling
class LimitsConfiguration implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LimitsConfiguration.class);

	private final AttemptLimiter limiter;

	private final Duration interval;

	LimitsConfiguration(AttemptLimiter limiter, LimitsProperties properties) {
		this.limiter = limiter;
		this.interval = properties.cleanupInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::deleteEnded, this.interval, this.interval));
	}

	void deleteEnded() {
		int deleted = this.limiter.deleteEnded();
		if (deleted > 0) {
			log.debug("Deleted {} limit counters whose window ended", deleted);
		}
	}

}
