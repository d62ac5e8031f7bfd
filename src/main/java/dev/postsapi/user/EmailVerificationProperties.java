package dev.postsapi.user;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** E-mail verification ({@code AUTH_EMAIL_VERIFICATION_*}). */
@ConfigurationProperties(prefix = "auth.email-verification", ignoreUnknownFields = false)
@Validated
record EmailVerificationProperties(
		@DefaultValue("24h") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration tokenLifetime) {

}
