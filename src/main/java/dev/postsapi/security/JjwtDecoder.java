package dev.postsapi.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import javax.crypto.SecretKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The glue between jjwt, which verifies, and Spring's resource server, which answers RFC
 * 6750: a token must be signed, unexpired, and name its subject and times. The messages
 * reach the client in {@code WWW-Authenticate}, so they stay vague.
 */
class JjwtDecoder implements JwtDecoder {

	private final JwtParser parser;

	private final Clock clock;

	/**
	 * Verified tokens, never past their expiry: the cryptography is a sixth of a
	 * request's CPU (BENCHMARKS.md, "Round one").
	 */
	private final Cache<String, Jwt> verified;

	JjwtDecoder(SecretKey key, Clock clock) {
		this.parser = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build();
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(4096)
			.expireAfter(
					Expiry.creating((String token, Jwt jwt) -> Duration.between(clock.instant(), jwt.getExpiresAt())))
			.build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt cached = this.verified.getIfPresent(token);
		// the cache's own ticker may lag the injected clock, which has the last word
		if (cached != null && cached.getExpiresAt().isAfter(this.clock.instant())) {
			return cached;
		}
		Jwt jwt = parse(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	private Jwt parse(String token) {
		Jws<Claims> jws;
		try {
			jws = this.parser.parseSignedClaims(token);
		}
		catch (ExpiredJwtException ex) {
			throw new BadJwtException("The token has expired", ex);
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new BadJwtException("The token is invalid", ex);
		}
		Claims claims = jws.getPayload();
		if (claims.getSubject() == null || claims.getExpiration() == null || claims.getIssuedAt() == null) {
			throw new BadJwtException("The token is invalid");
		}
		return Jwt.withTokenValue(token)
			.headers(headers -> headers.putAll(jws.getHeader()))
			.claims(all -> all.putAll(claims))
			.issuedAt(claims.getIssuedAt().toInstant())
			.expiresAt(claims.getExpiration().toInstant())
			.build();
	}

}
