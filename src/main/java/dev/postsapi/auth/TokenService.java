package dev.postsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.postsapi.security.JwtProperties;
import dev.postsapi.security.SecurityConfiguration;
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

	/** An access token of the session, answered with the session's refresh token. */
	TokenResponse issue(String userId, UUID sessionId, String refreshToken) {
		// whole seconds, as JWT times are, so the expiry is never before what expires_in
		// says
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		String token = Jwts.builder()
			.subject(userId)
			.claim(SecurityConfiguration.SESSION_CLAIM, sessionId.toString())
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(issuedAt.plus(this.accessTokenTtl)))
			.id(UUID.randomUUID().toString())
			.signWith(this.signingKey, Jwts.SIG.HS256)
			.compact();
		return TokenResponse.bearer(token, this.accessTokenTtl.toSeconds(), refreshToken);
	}

}
