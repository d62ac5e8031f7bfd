package dev.postsapi.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Password hashing settings ({@code AUTH_PASSWORD_*}, in docs/configuration.md). */
@ConfigurationProperties(prefix = "auth.password", ignoreUnknownFields = false)
@Validated
public record PasswordProperties(@DefaultValue("12") @Min(4) @Max(31) int bcryptStrength,
		@DefaultValue("256") @Min(1) int hashingQueue) {

}
