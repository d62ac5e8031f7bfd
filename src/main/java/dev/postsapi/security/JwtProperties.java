package dev.postsapi.security;

import java.time.Duration;
import java.util.Base64;
import java.util.stream.IntStream;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access-token settings ({@code AUTH_JWT_*}, in docs/configuration.md). In ES256 mode the
 * secret no longer signs tokens: it seals the stored signing keys' private parts.
 */
@ConfigurationProperties(prefix = "auth.jwt", ignoreUnknownFields = false)
@Validated
public record JwtProperties(@Nullable String secret,
		@DefaultValue("10m") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration accessTokenTtl,
		@DefaultValue("ES256") Algorithm algorithm,
		@DefaultValue("30d") @DurationMin(hours = 1) @DurationMax(days = 36500) Duration keyRotationPeriod,
		@DefaultValue("5m") @DurationMin(seconds = 0) @DurationMax(days = 36500) Duration jwksMaxAge,
		@DefaultValue("1m") @DurationMin(seconds = 1) @DurationMax(days = 36500) Duration keyReloadInterval,
		@DefaultValue("false") boolean takeOverSigning) {

	/** HS256 needs a key at least as long as its hash (RFC 7518, section 3.2). */
	public static final int MIN_SECRET_BYTES = 32;

	/** How access tokens are signed ({@code AUTH_JWT_ALGORITHM}). */
	public enum Algorithm {

		/** EC P-256 keys kept in the database, rotated, published as a JWKS. */
		ES256,
		/** The original's scheme: {@code AUTH_JWT_SECRET} signs and verifies. */
		HS256

	}

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
			// 32 random bytes hold about 30 different values; fewer than 12 is a made-up
			// key (all zeros, a repeated letter), which anyone could guess and sign with
			long different = IntStream.range(0, key.length).map((i) -> key[i]).distinct().count();
			if (different < 12) {
				throw new IllegalArgumentException("auth.jwt.secret (AUTH_JWT_SECRET) holds only " + different
						+ " different byte values: it is not a random key; use 'openssl rand -base64 32'");
			}
		}
	}

	/**
	 * Whether the secret is the example key of FastAPI's tutorial, the original's default
	 * SECRET_KEY: published, so anyone could sign with it.
	 */
	public boolean isPublishedExampleKey() {
		return hasSecret()
				&& secret.strip().equalsIgnoreCase("09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7");
	}

	public boolean hasSecret() {
		return secret != null && !secret.isBlank();
	}

	public byte[] secretBytes() {
		return Base64.getDecoder().decode(secret.strip());
	}

	/**
	 * How long a key stays accepted after its successor began to sign: the last token it
	 * signed may live that long (an instance may sign with it until its next reload, and
	 * clocks differ by a little).
	 */
	public Duration keyRetention() {
		return this.accessTokenTtl.plus(this.keyReloadInterval).plus(Duration.ofMinutes(1));
	}

}
