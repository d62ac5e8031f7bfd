package dev.postsapi.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Password hashing settings ({@code AUTH_PASSWORD_*}, in the README). */
@ConfigurationProperties(prefix = "auth.password", ignoreUnknownFields = false)
@Validated
public record PasswordProperties(
		@DefaultValue("12") @Min(value = 4, message = BCRYPT_RANGE) @Max(value = 31,
				message = BCRYPT_RANGE) int bcryptStrength,
		@DefaultValue("256") @Min(value = 1,
				message = "must be positive (AUTH_PASSWORD_HASHING_QUEUE)") int hashingQueue) {

	static final String BCRYPT_RANGE = "must be between 4 and 31 (AUTH_PASSWORD_BCRYPT_STRENGTH)";

}
