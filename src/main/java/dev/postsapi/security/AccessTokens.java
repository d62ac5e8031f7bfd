package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.security.Key;
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
import dev.postsapi.web.Problems;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SignatureException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Access tokens, issued and verified by jjwt, and the glue to Spring's resource server. A
 * token must be signed, unexpired, and name its subject and times. The configured
 * algorithm is the only one accepted: ES256 with a {@code kid} of {@link SigningKeys}, or
 * HS256 with the secret as the original keyed it (its text's UTF-8 bytes); a header that
 * brings its own key ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) is refused
 * before anything else is looked at.
 */
@Component
public class AccessTokens implements JwtDecoder {

	private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

	/** Why a bad token is refused, whatever is wrong with it but its age. */
	static final String INVALID = "The token is invalid";

	/**
	 * The longest a token may live, unless AUTH_JWT_ACCESS_TOKEN_TTL is longer: a token
	 * forged with a leaked key cannot choose ten years, while a rolling change of the
	 * lifetime within a day refuses no token issued on either side of it.
	 */
	private static final Duration MAX_LIFETIME = Duration.ofDays(1);

	/**
	 * How far ahead a token's issue time may be: the instances' estimates of the
	 * database's clock differ a little.
	 */
	private static final Duration ISSUED_AT_SKEW = Duration.ofMinutes(1);

	/** Headers that name or carry a key: never trusted, never fetched. */
	private static final List<String> KEY_HEADERS = List.of(JwsHeader.JSON_WEB_KEY, JwsHeader.JWK_SET_URL,
			JwsHeader.X509_URL, JwsHeader.X509_CERT_CHAIN);

	/**
	 * HS256's key: the secret's text, as the original's python-jose used it, so whatever
	 * verified the original's tokens with its SECRET_KEY verifies these; stripped, as the
	 * secret is decoded, so that a secret file's final newline on one instance changes
	 * nothing.
	 */
	private final SecretKey key;

	private final JwtProperties.Algorithm algorithm;

	private final SigningKeys signingKeys;

	private final Duration lifetime;

	private final Duration maxLifetime;

	/**
	 * The public URL when set: what tokens name as their issuer, and may not contradict.
	 */
	private final @Nullable String issuer;

	private final JwtParser parser;

	/**
	 * HS256 with the key tokens were signed with before (the server key: the secret
	 * base64-decoded), still accepted, so that no one is logged out by an upgrade or by
	 * an older instance beside this one; null in ES256 mode or without a secret.
	 */
	private final @Nullable JwtParser earlierParser;

	/**
	 * Tokens are timed on the database's clock: one issued where the instance's clock
	 * runs ahead would otherwise outlive its lifetime elsewhere, one issued where it lags
	 * be refused as expired.
	 */
	private final DatabaseTime time;

	/** Verified tokens, never past expiry (BENCHMARKS.md, "Round one"). */
	private final Cache<String, Jwt> verified;

	AccessTokens(SecretKey serverKey, JwtProperties properties, Clock clock, SigningKeys signingKeys,
			PublicUrlProperties publicUrl) {
		this.key = properties.hasSecret()
				? Keys.hmacShaKeyFor(properties.secret().strip().getBytes(StandardCharsets.UTF_8)) : serverKey;
		this.algorithm = properties.algorithm();
		this.signingKeys = signingKeys;
		this.lifetime = properties.accessTokenTtl();
		this.maxLifetime = (this.lifetime.compareTo(MAX_LIFETIME) > 0) ? this.lifetime : MAX_LIFETIME;
		this.issuer = (publicUrl.publicUrl() != null) ? publicUrl.publicUrl().toString() : null;
		this.time = new DatabaseTime(clock, signingKeys);
		this.parser = parser(this.key);
		this.earlierParser = (this.key != serverKey && this.algorithm == JwtProperties.Algorithm.HS256)
				? parser(serverKey) : null;
		this.verified = Caffeine.newBuilder()
			.maximumSize(4096)
			.expireAfter(
					Expiry.creating((String token, Jwt jwt) -> Duration.between(this.time.now(), jwt.getExpiresAt())))
			.build();
	}

	private JwtParser parser(SecretKey hs256Key) {
		return Jwts.parser()
			.keyLocator(new VerificationKeyLocator(hs256Key))
			.clock(() -> Date.from(this.time.now()))
			.build();
	}

	/**
	 * A token of the user's session, valid for {@link #lifetimeSeconds()}, naming its
	 * issuer when the public URL is set.
	 */
	public String issue(String userId, UUID sessionId, List<Role> roles) {
		// whole seconds, as JWT times are, so it never expires before expires_in says
		Instant issuedAt = this.time.now().truncatedTo(ChronoUnit.SECONDS);
		// no typ "at+jwt" (RFC 9068): Spring Security's stock decoder takes only "JWT"
		var builder = Jwts.builder();
		if (this.algorithm == JwtProperties.Algorithm.ES256) {
			SigningKeys.SigningKey signing;
			try {
				signing = this.signingKeys.signingKey();
			}
			catch (SigningKeys.NoSigningKeyException ex) {
				// the instance's configuration, not the request: the others may sign
				log.error("Cannot sign an access token: {}", ex.getMessage());
				throw Problems.unavailable("Tokens cannot be issued right now; try again shortly", 5);
			}
			builder.header().keyId(signing.kid()).and().signWith(signing.privateKey(), Jwts.SIG.ES256);
		}
		else {
			builder.signWith(this.key, Jwts.SIG.HS256);
		}
		if (this.issuer != null) {
			builder.issuer(this.issuer);
		}
		return builder.subject(userId)
			.claim(SecurityConfiguration.SESSION_CLAIM, sessionId.toString())
			.claim(SecurityConfiguration.ROLES_CLAIM, Role.values(roles))
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(issuedAt.plus(this.lifetime)))
			.id(UUID.randomUUID().toString())
			.compact();
	}

	public long lifetimeSeconds() {
		return this.lifetime.toSeconds();
	}

	@Override
	public Jwt decode(String token) {
		Jwt cached = this.verified.getIfPresent(token);
		// the cache's own ticker may lag the injected clock, which has the last word
		if (cached != null && cached.getExpiresAt().isAfter(this.time.now())) {
			return cached;
		}
		Jwt jwt = parse(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	private Jwt parse(String token) {
		Jws<Claims> jws;
		try {
			jws = parseSignedClaims(token);
		}
		catch (ExpiredJwtException ex) {
			throw new BadJwtException("The token has expired", ex);
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new BadJwtException(INVALID, ex);
		}
		Claims claims = jws.getPayload();
		// times in order (the algorithm and key were checked by the locator), living no
		// longer than MAX_LIFETIME, and issued by now: one signed with a leaked key
		// outlives the key's deletion by a day at most, in the cache too
		if (claims.getSubject() == null || claims.getExpiration() == null || claims.getIssuedAt() == null
				|| !claims.getIssuedAt().before(claims.getExpiration())
				|| Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant())
					.compareTo(this.maxLifetime) > 0
				|| claims.getIssuedAt().toInstant().isAfter(this.time.now().plus(ISSUED_AT_SKEW))) {
			throw new BadJwtException(INVALID);
		}
		// another deployment's token, even one sharing our keys or secret (a copy of the
		// database for staging); one naming none too, which such a copy without
		// APP_PUBLIC_URL issues: setting it refuses the tokens issued before, as
		// changing it does, and clients refresh
		if (this.issuer != null && !this.issuer.equals(claims.getIssuer())) {
			throw new BadJwtException(INVALID);
		}
		return Jwt.withTokenValue(token)
			.headers(headers -> headers.putAll(jws.getHeader()))
			.claims(all -> all.putAll(claims))
			.issuedAt(claims.getIssuedAt().toInstant())
			.expiresAt(claims.getExpiration().toInstant())
			.build();
	}

	private Jws<Claims> parseSignedClaims(String token) {
		try {
			return this.parser.parseSignedClaims(token);
		}
		catch (SignatureException ex) {
			if (this.earlierParser == null) {
				throw ex;
			}
			return this.earlierParser.parseSignedClaims(token);
		}
	}

	/**
	 * The key a token is verified with, decided by its header before its signature is
	 * checked: only the configured algorithm, only a key of ours.
	 */
	private final class VerificationKeyLocator extends LocatorAdapter<Key> {

		private final SecretKey hs256Key;

		VerificationKeyLocator(SecretKey hs256Key) {
			this.hs256Key = hs256Key;
		}

		@Override
		protected Key locate(JwsHeader header) {
			for (String name : KEY_HEADERS) {
				if (header.containsKey(name)) {
					throw new UnsupportedJwtException("A token may not name its own key");
				}
			}
			SecureDigestAlgorithm<?, ?> expected = (AccessTokens.this.algorithm == JwtProperties.Algorithm.ES256)
					? Jwts.SIG.ES256 : Jwts.SIG.HS256;
			if (!expected.getId().equals(header.getAlgorithm())) {
				throw new UnsupportedJwtException("Not the configured algorithm");
			}
			if (expected == Jwts.SIG.HS256) {
				return this.hs256Key;
			}
			String kid = header.getKeyId();
			Key publicKey = (kid != null) ? AccessTokens.this.signingKeys.verificationKey(kid) : null;
			if (publicKey == null) {
				throw new UnsupportedJwtException("Not one of our keys");
			}
			return publicKey;
		}

	}

}
