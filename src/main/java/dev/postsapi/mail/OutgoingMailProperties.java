package dev.postsapi.mail;

import java.net.URI;
import java.time.Duration;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The service's mail ({@code AUTH_MAIL_*}); the SMTP server itself is Spring Boot's
 * {@code SPRING_MAIL_HOST}, {@code SPRING_MAIL_PORT}, ...
 */
@ConfigurationProperties(prefix = "auth.mail", ignoreUnknownFields = false)
@Validated
public record OutgoingMailProperties(@DefaultValue("posts-api@localhost") @NotBlank String from,
		@DefaultValue("http://localhost:8000") @NotNull URI linkBaseUrl,
		@DefaultValue("30s") @DurationMin(millis = 100) @DurationMax(days = 36500) Duration retryInterval,
		@DefaultValue("7d") @DurationMin(minutes = 1) @DurationMax(days = 36500) Duration sentRetention) {

	public OutgoingMailProperties {
		// as the mail's From is read at every send: else every mail would fail, for ever
		if (from != null && !from.isBlank() && !isOneAddress(from)) {
			throw new IllegalArgumentException(
					"AUTH_MAIL_FROM must be one address, such as Posts <no-reply@example.com>: " + from);
		}
	}

	private static boolean isOneAddress(String from) {
		try {
			return InternetAddress.parse(from).length == 1;
		}
		catch (AddressException ex) {
			return false;
		}
	}

}
