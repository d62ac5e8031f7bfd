package dev.postsapi.auth;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Refresh-token settings ({@code AUTH_REFRESH_*}, in docs/configuration.md). */
@ConfigurationProperties(prefix = "auth.refresh", ignoreUnknownFields = false)
@Validated
public record RefreshTokenProperties(
		@DefaultValue("14d") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration tokenTtl,
		@DefaultValue("0s") @DurationMin(seconds = 0) @DurationMax(days = 36500) Duration reuseInterval) {

}
