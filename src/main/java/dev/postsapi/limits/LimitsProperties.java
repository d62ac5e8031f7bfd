package dev.postsapi.limits;

import java.time.Duration;

import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Brute-force and abuse limits ({@code AUTH_LIMITS_*}); 0 switches one off. */
@ConfigurationProperties(prefix = "auth.limits", ignoreUnknownFields = false)
@Validated
public record LimitsProperties(@DefaultValue("10") @PositiveOrZero int loginFailuresPerAccountAndAddress,
		@DefaultValue("100") @PositiveOrZero int loginFailuresPerAddress,
		@DefaultValue("100") @PositiveOrZero int loginFailuresPerAccount,
		@DefaultValue("20") @PositiveOrZero int registrationsPerAddress,
		@DefaultValue("20") @PositiveOrZero int passwordResetsPerAddress,
		@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration loginWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration loginAccountWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration registrationWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration passwordResetWindow,
		@DefaultValue("30d") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration knownAddressTtl,
		@DefaultValue("10m") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration cleanupInterval) {

}
