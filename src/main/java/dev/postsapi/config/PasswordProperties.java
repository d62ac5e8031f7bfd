package dev.postsapi.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password hashing settings ({@code AUTH_PASSWORD_*}).
 *
 * @param bcryptStrength bcrypt cost for new hashes; 12 is the original service's
 */
@ConfigurationProperties(prefix = "auth.password", ignoreUnknownFields = false)
public record PasswordProperties(@DefaultValue("12") int bcryptStrength) {

	public PasswordProperties {
		// bcrypt's own bounds; below 10 is only sensible in tests
		if (bcryptStrength < 4 || bcryptStrength > 31) {
			throw new IllegalArgumentException("auth.password.bcrypt-strength (AUTH_PASSWORD_BCRYPT_STRENGTH) must be between 4 and 31");
		}
	}

}
