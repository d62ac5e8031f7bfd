package dev.postsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.postsapi.security.JwtProperties;
import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Service;

/** Issues access tokens: the one place their claims are built. */
@Service
class TokenService {

	private final SecretKey signingKey;

	private final Duration accessTokenTtl;

	private final Clock clock;

	TokenService(SecretKey jwtSigningKey, JwtProperties properties, Clock clock) {
		this.signingKey = jwtSigningKey;
		this.accessTokenTtl = properties.accessTokenTtl();
		this.clock = clock;
	}

	TokenResponse issueAccessToken(String userId) {
		// whole seconds: JWT times are seconds, and the expiry must not fall before what
		// expires_in says
		Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
		String token = Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(issuedAt.plus(accessTokenTtl)))
			.id(UUID.randomUUID().toString())
			.signWith(signingKey, Jwts.SIG.HS256)
			.compact();
		return TokenResponse.bearer(token, accessTokenTtl.toSeconds());
	}

}
