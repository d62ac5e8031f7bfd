package dev.postsapi.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Session settings ({@code AUTH_SESSION_*}, in the README). */
@ConfigurationProperties(prefix = "auth.session", ignoreUnknownFields = false)
@Validated
public record SessionProperties(@DefaultValue("90d") @DurationMin(seconds = 1,
		message = "must be positive (AUTH_SESSION_MAX_LIFETIME)") @DurationMax(days = 36500,
				message = "must be at most 36500d, a hundred years (AUTH_SESSION_MAX_LIFETIME)") Duration maxLifetime,
		@DefaultValue("1h") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_SESSION_CLEANUP_INTERVAL)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_SESSION_CLEANUP_INTERVAL)") Duration cleanupInterval,
		@DefaultValue("50") @Min(value = 1,
				message = "must be at least 1 (AUTH_SESSION_MAX_PER_USER)") int maxPerUser) {

}
