package dev.postsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

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

	private static final UUID SESSION = UUID.fromString("8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a10");

	@Test
	void issueThenBearerWithLifetimeInSecondsAndTheRefreshToken() {
		TokenResponse token = this.tokens.issue("alice", SESSION, "refresh-me");
		assertThat(token.tokenType()).isEqualTo("bearer");
		assertThat(token.expiresIn()).isEqualTo(600);
		assertThat(token.refreshToken()).isEqualTo("refresh-me");
		assertThat(token.toString()).doesNotContain("refresh-me").doesNotContain(token.accessToken());
	}

	@Test
	void issueThenHs256WithSubjectSessionTimesAndUniqueId() {
		Jws<Claims> first = parse(this.tokens.issue("alice", SESSION, "r1").accessToken());
		Jws<Claims> second = parse(this.tokens.issue("alice", SESSION, "r2").accessToken());
		assertThat(first.getHeader().getAlgorithm()).isEqualTo("HS256");
		assertThat(first.getPayload().getSubject()).isEqualTo("alice");
		assertThat(first.getPayload().get("sid", String.class)).isEqualTo(SESSION.toString());
		assertThat(first.getPayload().getIssuedAt()).isEqualTo(Date.from(NOW));
		assertThat(first.getPayload().getExpiration()).isEqualTo(Date.from(NOW.plusSeconds(600)));
		assertThat(first.getPayload().getId()).isNotBlank().isNotEqualTo(second.getPayload().getId());
	}

	private Jws<Claims> parse(String token) {
		return Jwts.parser().verifyWith(this.key).clock(() -> Date.from(NOW)).build().parseSignedClaims(token);
	}

}
