package dev.postsapi.auth;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Password reset by mail ({@code AUTH_PASSWORD_RESET_*}). */
@ConfigurationProperties(prefix = "auth.password-reset", ignoreUnknownFields = false)
@Validated
record PasswordResetProperties(
		@DefaultValue("30m") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration tokenLifetime) {

}
