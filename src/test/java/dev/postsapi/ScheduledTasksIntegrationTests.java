package dev.postsapi;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.postsapi.auth.SessionProperties;
import dev.postsapi.events.SecurityEventsProperties;
import dev.postsapi.limits.LimitsProperties;
import dev.postsapi.mail.OutgoingMailProperties;
import dev.postsapi.security.JwtProperties;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's {@code @Scheduled} placeholder repeats its setting's default, which the
 * settings record declares: both say the same, or a default changed in one place would
 * not change the schedule.
 */
@IntegrationTest
class ScheduledTasksIntegrationTests {

	@Autowired
	ScheduledTaskHolder tasks;

	@Test
	void intervalsWhenNothingIsSetThenTheSettingsDefaults(@Autowired SessionProperties sessions,
			@Autowired SecurityEventsProperties events, @Autowired LimitsProperties limits,
			@Autowired OutgoingMailProperties mail, @Autowired JwtProperties jwt) {
		Map<String, Duration> intervals = this.tasks.getScheduledTasks()
			.stream()
			.map(scheduled -> scheduled.getTask())
			.filter(FixedDelayTask.class::isInstance)
			.map(FixedDelayTask.class::cast)
			.collect(Collectors.toMap(task -> task.toString(), FixedDelayTask::getIntervalDuration));
		assertThat(intervals)
			.containsEntry("dev.postsapi.auth.SessionService.deleteExpired", sessions.cleanupInterval())
			.containsEntry("dev.postsapi.events.SecurityEvents.deleteExpired", events.cleanupInterval())
			.containsEntry("dev.postsapi.limits.AttemptLimiter.deleteEnded", limits.cleanupInterval())
			.containsEntry("dev.postsapi.mail.Mailer.retryFailed", mail.retryInterval())
			.containsEntry("dev.postsapi.keys.SigningKeyRing.maintain", jwt.keyReloadInterval());
	}

}
