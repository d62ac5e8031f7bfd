package dev.postsapi.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Session settings ({@code AUTH_SESSION_*}, in docs/configuration.md). */
@ConfigurationProperties(prefix = "auth.session", ignoreUnknownFields = false)
@Validated
public record SessionProperties(
		@DefaultValue("90d") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration maxLifetime,
		@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration cleanupInterval,
		@DefaultValue("50") @Min(1) int maxPerUser) {

}
