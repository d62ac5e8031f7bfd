package dev.postsapi.security;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Spring Security's {@link JwtDecoder} on top of jjwt, so the standard bearer-token
 * filter does the HTTP side (RFC 6750 answers) and jjwt the cryptography. jjwt refuses
 * unsigned ({@code alg: none}), tampered, wrongly keyed and expired tokens; this adds
 * that {@code sub} and {@code exp} must be present, since a token without an expiry would
 * never expire. The messages are deliberately vague: they reach the client in
 * {@code WWW-Authenticate}.
 */
class JjwtDecoder implements JwtDecoder {

	/** Enough for every token in use at once on a busy instance; about 1 KB each. */
	private static final int CACHED_TOKENS = 4096;

	private final JwtParser parser;

	private final Clock clock;

	/**
	 * Tokens already verified, by their compact form. Parsing and the HMAC cost about a
	 * sixth of an authenticated request's CPU, and a token's claims never change. An
	 * entry never outlives its token's expiry, and what the cache saves is only the
	 * cryptography: whether the token's user still exists is checked on every request all
	 * the same.
	 */
	private final Cache<String, Jwt> verified;

	JjwtDecoder(JwtParser parser, Clock clock) {
		this.parser = parser;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(CACHED_TOKENS)
			.expireAfter(
					Expiry.creating((String token, Jwt jwt) -> Duration.between(clock.instant(), jwt.getExpiresAt())))
			.build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt cached = verified.getIfPresent(token);
		// the cache's own ticker may lag the injected clock, which has the last word
		if (cached != null && cached.getExpiresAt().isAfter(clock.instant())) {
			return cached;
		}
		Jwt jwt = parse(token);
		verified.put(token, jwt);
		return jwt;
	}

	private Jwt parse(String token) {
		Jws<Claims> jws;
		try {
			jws = parser.parseSignedClaims(token);
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
			// jjwt gives times as Dates, Spring's Jwt expects Instants
			.issuedAt(claims.getIssuedAt().toInstant())
			.expiresAt(claims.getExpiration().toInstant())
			.build();
	}

}
