package dev.postsapi.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

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
import org.springframework.stereotype.Component;

/**
 * Access tokens, issued and verified by jjwt, and the glue to Spring's resource server. A
 * token must be signed, unexpired, and name its subject and times.
 */
@Component
public class AccessTokens implements JwtDecoder {

	private final SecretKey key;

	private final Duration lifetime;

	private final JwtParser parser;

	private final Clock clock;

	/** Verified tokens, never past expiry (BENCHMARKS.md, "Round one"). */
	private final Cache<String, Jwt> verified;

	AccessTokens(SecretKey key, JwtProperties properties, Clock clock) {
		this.key = key;
		this.lifetime = properties.accessTokenTtl();
		this.parser = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build();
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(4096)
			.expireAfter(
					Expiry.creating((String token, Jwt jwt) -> Duration.between(clock.instant(), jwt.getExpiresAt())))
			.build();
	}

	/** A token of the user's session, valid for {@link #lifetimeSeconds()}. */
	public String issue(String userId, UUID sessionId, List<Role> roles) {
		// whole seconds, as JWT times are, so it never expires before expires_in says
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		return Jwts.builder()
			.subject(userId)
			.claim(SecurityConfiguration.SESSION_CLAIM, sessionId.toString())
			.claim(SecurityConfiguration.ROLES_CLAIM, Role.values(roles))
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(issuedAt.plus(this.lifetime)))
			.id(UUID.randomUUID().toString())
			.signWith(this.key, Jwts.SIG.HS256)
			.compact();
	}

	public long lifetimeSeconds() {
		return this.lifetime.toSeconds();
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
		// only the algorithm this service signs with; times in order
		if (!Jwts.SIG.HS256.getId().equals(jws.getHeader().getAlgorithm()) || claims.getSubject() == null
				|| claims.getExpiration() == null || claims.getIssuedAt() == null
				|| !claims.getIssuedAt().before(claims.getExpiration())) {
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
