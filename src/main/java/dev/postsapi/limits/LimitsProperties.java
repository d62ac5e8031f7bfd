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
public record LimitsProperties(@DefaultValue("10") @PositiveOrZero(
		message = "must be 0 (off) or more (AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS)") int loginFailuresPerAccountAndAddress,
		@DefaultValue("100") @PositiveOrZero(
				message = "must be 0 (off) or more (AUTH_LIMITS_LOGIN_FAILURES_PER_ADDRESS)") int loginFailuresPerAddress,
		@DefaultValue("100") @PositiveOrZero(
				message = "must be 0 (off) or more (AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT)") int loginFailuresPerAccount,
		@DefaultValue("20") @PositiveOrZero(
				message = "must be 0 (off) or more (AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS)") int registrationsPerAddress,
		@DefaultValue("20") @PositiveOrZero(
				message = "must be 0 (off) or more (AUTH_LIMITS_PASSWORD_RESETS_PER_ADDRESS)") int passwordResetsPerAddress,
		@DefaultValue("15m") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_LOGIN_WINDOW)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_LOGIN_WINDOW)") Duration loginWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_LOGIN_ACCOUNT_WINDOW)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_LOGIN_ACCOUNT_WINDOW)") Duration loginAccountWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_REGISTRATION_WINDOW)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_REGISTRATION_WINDOW)") Duration registrationWindow,
		@DefaultValue("1h") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_PASSWORD_RESET_WINDOW)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_PASSWORD_RESET_WINDOW)") Duration passwordResetWindow,
		@DefaultValue("30d") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_KNOWN_ADDRESS_TTL)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_KNOWN_ADDRESS_TTL)") Duration knownAddressTtl,
		@DefaultValue("10m") @DurationMin(seconds = 1,
				message = "must be positive (AUTH_LIMITS_CLEANUP_INTERVAL)") @DurationMax(days = 36500,
						message = "must be at most 36500d, a hundred years (AUTH_LIMITS_CLEANUP_INTERVAL)") Duration cleanupInterval) {

}
