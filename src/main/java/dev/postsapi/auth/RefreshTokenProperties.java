package dev.postsapi.auth;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Refresh-token settings ({@code AUTH_REFRESH_*}, in the README). */
@ConfigurationProperties(prefix = "auth.refresh", ignoreUnknownFields = false)
@Validated
public record RefreshTokenProperties(
		@DefaultValue("14d") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_REFRESH_TOKEN_TTL)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_REFRESH_TOKEN_TTL)") Duration tokenTtl,
		@DefaultValue("0s") @DurationMin(seconds = 0,
				message = "must not be negative (AUTH_REFRESH_REUSE_INTERVAL)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_REFRESH_REUSE_INTERVAL)") Duration reuseInterval) {

}
