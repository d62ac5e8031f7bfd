package dev.postsapi.auth;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Refresh-token settings ({@code AUTH_REFRESH_*}).
 *
 * @param tokenTtl how long a refresh token may wait to be used; never past its session's
 * end
 * @param reuseInterval for how long after a rotation the rotated token may be exchanged
 * again (for a client that lost the answer) instead of counting as theft; {@code 0s} is
 * strict
 */
@ConfigurationProperties(prefix = "auth.refresh", ignoreUnknownFields = false)
@Validated
public record RefreshTokenProperties(
		@DefaultValue("14d") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_REFRESH_TOKEN_TTL)") Duration tokenTtl,
		@DefaultValue("0s") @DurationMin(seconds = 0,
				message = "must not be negative (AUTH_REFRESH_REUSE_INTERVAL)") Duration reuseInterval) {

}
