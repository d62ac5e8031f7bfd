package dev.postsapi.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Spring Security's {@link JwtDecoder} on top of jjwt, so the standard bearer-token filter does
 * the HTTP side (RFC 6750 answers) and jjwt the cryptography. jjwt refuses unsigned
 * ({@code alg: none}), tampered, wrongly keyed and expired tokens; this adds that {@code sub}
 * and {@code exp} must be present, since a token without an expiry would never expire.
 * The messages are deliberately vague: they reach the client in {@code WWW-Authenticate}.
 */
class JjwtDecoder implements JwtDecoder {

	private final JwtParser parser;

	JjwtDecoder(JwtParser parser) {
		this.parser = parser;
	}

	@Override
	public Jwt decode(String token) {
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
			.subject(claims.getSubject())
			.issuedAt(claims.getIssuedAt().toInstant())
			.expiresAt(claims.getExpiration().toInstant())
			.jti(claims.getId())
			.build();
	}

}
