package dev.postsapi.security;

import java.time.Duration;
import java.util.Base64;

import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Access-token settings ({@code AUTH_JWT_*}, in the README). */
@ConfigurationProperties(prefix = "auth.jwt", ignoreUnknownFields = false)
@Validated
public record JwtProperties(@Nullable String secret, @DefaultValue("10m") @DurationMin(seconds = 1,
		message = "must be positive (AUTH_JWT_ACCESS_TOKEN_TTL)") Duration accessTokenTtl) {

	/** HS256 needs a key at least as long as its hash (RFC 7518, section 3.2). */
	public static final int MIN_SECRET_BYTES = 32;

	public JwtProperties {
		if (secret != null && !secret.isBlank()) {
			byte[] key;
			try {
				key = Base64.getDecoder().decode(secret.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("auth.jwt.secret (AUTH_JWT_SECRET) must be base64, "
						+ "e.g. the output of 'openssl rand -base64 32'");
			}
			if (key.length < MIN_SECRET_BYTES) {
				throw new IllegalArgumentException("auth.jwt.secret (AUTH_JWT_SECRET) decodes to " + key.length * 8
						+ " bits; HS256 needs at least 256 bits: use 'openssl rand -base64 32'");
			}
		}
	}

	public boolean hasSecret() {
		return secret != null && !secret.isBlank();
	}

	public byte[] secretBytes() {
		return Base64.getDecoder().decode(secret.strip());
	}

}
