package dev.postsapi.events;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How long security events are kept ({@code AUTH_SECURITY_EVENTS_*}). */
@ConfigurationProperties(prefix = "auth.security-events", ignoreUnknownFields = false)
@Validated
public record SecurityEventsProperties(
		@DefaultValue("90d") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration retention,
		@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration cleanupInterval) {

}
