package dev.postsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import javax.crypto.SecretKey;

import dev.postsapi.security.JwtProperties;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issuing access tokens: the claims, the lifetime and the key they are signed with. */
class TokenServiceTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

	private final SecretKey key = Jwts.SIG.HS256.key().build();

	private final TokenService tokens = new TokenService(this.key, new JwtProperties(null, Duration.ofMinutes(10)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void issueAccessTokenThenBearerWithLifetimeInSeconds() {
		TokenResponse token = this.tokens.issueAccessToken("alice");
		assertThat(token.tokenType()).isEqualTo("bearer");
		assertThat(token.expiresIn()).isEqualTo(600);
	}

	@Test
	void issueAccessTokenThenHs256WithSubjectTimesAndUniqueId() {
		Jws<Claims> first = parse(this.tokens.issueAccessToken("alice").accessToken());
		Jws<Claims> second = parse(this.tokens.issueAccessToken("alice").accessToken());
		assertThat(first.getHeader().getAlgorithm()).isEqualTo("HS256");
		assertThat(first.getPayload().getSubject()).isEqualTo("alice");
		assertThat(first.getPayload().getIssuedAt()).isEqualTo(Date.from(NOW));
		assertThat(first.getPayload().getExpiration()).isEqualTo(Date.from(NOW.plusSeconds(600)));
		assertThat(first.getPayload().getId()).isNotBlank().isNotEqualTo(second.getPayload().getId());
	}

	private Jws<Claims> parse(String token) {
		return Jwts.parser().verifyWith(this.key).clock(() -> Date.from(NOW)).build().parseSignedClaims(token);
	}

}
