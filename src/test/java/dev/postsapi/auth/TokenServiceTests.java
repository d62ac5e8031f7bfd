package dev.postsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import javax.crypto.SecretKey;

import dev.postsapi.config.JwtProperties;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Issuing and decoding tokens, without Spring: the claims, the lifetime and every refusal. */
class TokenServiceTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

	private final SecretKey key = Jwts.SIG.HS256.key().build();

	private final JwtProperties properties = new JwtProperties(null, Duration.ofMinutes(10));

	private final JwtConfiguration configuration = new JwtConfiguration();

	@Test
	void issuedTokenCarriesSubjectTimesAndUniqueId() {
		TokenService tokens = new TokenService(key, properties, Clock.fixed(NOW, ZoneOffset.UTC));
		TokenResponse first = tokens.issueAccessToken("alice");
		TokenResponse second = tokens.issueAccessToken("alice");
		assertThat(first.tokenType()).isEqualTo("bearer");
		assertThat(first.expiresIn()).isEqualTo(600);

		Jwt jwt = decoderAt(NOW.plusSeconds(599)).decode(first.accessToken());
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
		assertThat(jwt.getId()).isNotBlank().isNotEqualTo(decoderAt(NOW).decode(second.accessToken()).getId());
	}

	@Test
	void tokenIsRefusedOnceExpired() {
		String token = new TokenService(key, properties, Clock.fixed(NOW, ZoneOffset.UTC)).issueAccessToken("alice")
			.accessToken();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW.plusSeconds(601)).decode(token))
			.withMessage("The token has expired");
	}

	@Test
	void tokenVerifiedOnceIsStillRefusedOnceExpired() {
		MovableClock clock = new MovableClock(NOW);
		JwtDecoder decoder = configuration.jwtDecoder(key, clock);
		String token = new TokenService(key, properties, clock).issueAccessToken("alice").accessToken();
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		clock.instant = NOW.plusSeconds(601);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessage("The token has expired");
	}

	@Test
	void unsignedTokenIsRefused() {
		String unsigned = Jwts.builder().subject("alice").issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60))).compact();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(unsigned))
			.withMessage("The token is invalid");
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() {
		String foreign = new TokenService(Jwts.SIG.HS256.key().build(), properties, Clock.fixed(NOW, ZoneOffset.UTC))
			.issueAccessToken("alice")
			.accessToken();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(foreign));
	}

	@Test
	void tokenWithoutSubjectOrExpiryIsRefused() {
		String noSubject = Jwts.builder().issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60))).signWith(key).compact();
		String noExpiry = Jwts.builder().subject("alice").issuedAt(Date.from(NOW)).signWith(key).compact();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(noSubject));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(noExpiry));
	}

	@Test
	void garbageIsRefused() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode("a.b.c"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(""));
	}

	@Test
	void configuredSecretIsTheSigningKey() {
		String secret = java.util.Base64.getEncoder().encodeToString(key.getEncoded());
		SecretKey configured = configuration.jwtSigningKey(new JwtProperties(secret, Duration.ofMinutes(10)));
		assertThat(configured.getEncoded()).isEqualTo(key.getEncoded());
	}

	@Test
	void withoutSecretEachRunGetsItsOwnRandomKey() {
		assertThat(configuration.jwtSigningKey(properties).getEncoded())
			.hasSize(32)
			.isNotEqualTo(configuration.jwtSigningKey(properties).getEncoded());
	}

	private static final class MovableClock extends Clock {

		private Instant instant;

		MovableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public Instant instant() {
			return instant;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

	private JwtDecoder decoderAt(Instant instant) {
		return configuration.jwtDecoder(key, Clock.fixed(instant, ZoneOffset.UTC));
	}

}
