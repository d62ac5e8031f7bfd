package dev.postsapi.auth;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes expired sessions and refresh tokens in the background, so the tables do not
 * grow without bound. Every instance runs it; the deletes skip rows another instance
 * holds, so several at once do no harm.
 */
@Component
class SessionHousekeeping implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(SessionHousekeeping.class);

	private static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(1);

	private final SessionService sessions;

	private final Duration interval;

	SessionHousekeeping(SessionService sessions, SessionProperties properties) {
		this.sessions = sessions;
		this.interval = properties.cleanupInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration firstRun = (this.interval.compareTo(FIRST_RUN_AT_MOST) < 0) ? this.interval : FIRST_RUN_AT_MOST;
		registrar.addFixedDelayTask(new FixedDelayTask(this::deleteExpired, this.interval, firstRun));
	}

	void deleteExpired() {
		int deleted = this.sessions.deleteExpired();
		if (deleted > 0) {
			log.info("Deleted {} expired sessions and refresh tokens", deleted);
		}
	}

}
