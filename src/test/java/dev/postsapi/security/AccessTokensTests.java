package dev.postsapi.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.MacAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Access tokens without Spring: what is issued, what is accepted, and every refusal. */
class AccessTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

	private final SecretKey key = Jwts.SIG.HS256.key().build();

	/** HS256 mode asks no signing keys. */
	private static final PublicUrlProperties NO_PUBLIC_URL = new PublicUrlProperties(null);

	private static final SigningKeys NO_KEYS = databaseAhead(Duration.ZERO);

	private static final JwtProperties TEN_MINUTES = hs256(null);

	private static final UUID SESSION = UUID.fromString("8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a10");

	@Test
	void issueThenHs256WithSubjectSessionTimesAndUniqueIdThatItDecodes() {
		AccessTokens tokens = new AccessTokens(this.key, TEN_MINUTES, Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS,
				NO_PUBLIC_URL);
		String first = tokens.issue("alice", SESSION, List.of(Role.USER));
		Jwt jwt = tokens.decode(first);
		assertThat(tokens.lifetimeSeconds()).isEqualTo(600);
		assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getClaimAsString("sid")).isEqualTo(SESSION.toString());
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(jwt.getId()).isNotBlank()
			.isNotEqualTo(tokens.decode(tokens.issue("alice", SESSION, List.of(Role.USER))).getId());
		assertThat(Jwts.parser()
			.verifyWith(this.key)
			.clock(() -> Date.from(NOW))
			.build()
			.parseSignedClaims(first)
			.getPayload()
			.getSubject()).isEqualTo("alice");
	}

	@Test
	void issueAndDecodeWhenTheDatabasesClockIsAheadThenTimedOnIt() {
		// this instance's clock two hours behind the database's, which the others share
		AccessTokens tokens = new AccessTokens(this.key, TEN_MINUTES, Clock.fixed(NOW, ZoneOffset.UTC),
				databaseAhead(Duration.ofHours(2)), NO_PUBLIC_URL);
		Jwt jwt = tokens.decode(tokens.issue("alice", SESSION, List.of(Role.USER)));
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
		assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)).plusSeconds(600));
		// one issued ten minutes ago on the database's clock has expired, though not on
		// this instance's
		String old = token(this.key, "alice", NOW.plus(Duration.ofHours(2)).minusSeconds(601), NOW.plusSeconds(7199));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode(old))
			.withMessage("The token has expired");
	}

	@Test
	void decodeWhenSignedAndUnexpiredThenClaims() {
		Jwt jwt = decoderAt(NOW.plusSeconds(599)).decode(token(this.key, "alice", NOW, NOW.plusSeconds(600)));
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(jwt.getId()).isEqualTo("token-id");
		assertThat(jwt.getClaimAsString("sid")).isEqualTo("session-1");
		assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
	}

	@Test
	void decodeWhenExpiredThenRefused() {
		String token = token(this.key, "alice", NOW, NOW.plusSeconds(600));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW.plusSeconds(601)).decode(token))
			.withMessage("The token has expired");
	}

	@Test
	void decodeWhenVerifiedBeforeAndNowExpiredThenRefused() {
		MovableClock clock = new MovableClock(NOW);
		JwtDecoder decoder = new AccessTokens(this.key, TEN_MINUTES, clock, NO_KEYS, NO_PUBLIC_URL);
		String token = token(this.key, "alice", NOW, NOW.plusSeconds(600));
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		clock.instant = NOW.plusSeconds(601);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessage("The token has expired");
	}

	@Test
	void decodeWhenUnsignedThenRefused() {
		String unsigned = Jwts.builder()
			.subject("alice")
			.issuedAt(Date.from(NOW))
			.expiration(Date.from(NOW.plusSeconds(60)))
			.compact();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(unsigned))
			.withMessage("The token is invalid");
	}

	@Test
	void decodeWhenSignedWithAnotherKeyThenRefused() {
		String foreign = token(Jwts.SIG.HS256.key().build(), "alice", NOW, NOW.plusSeconds(600));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(foreign));
	}

	@Test
	void decodeWhenSubjectOrExpiryMissingThenRefused() {
		String noSubject = Jwts.builder()
			.issuedAt(Date.from(NOW))
			.expiration(Date.from(NOW.plusSeconds(60)))
			.signWith(this.key)
			.compact();
		String noExpiry = Jwts.builder().subject("alice").issuedAt(Date.from(NOW)).signWith(this.key).compact();
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(noSubject));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(noExpiry));
	}

	@Test
	void decodeWhenIssuedAtIsNotBeforeExpiryThenRefused() {
		for (Instant issuedAt : List.of(NOW.plusSeconds(600), NOW.plusSeconds(3600))) {
			String token = token(this.key, "alice", issuedAt, NOW.plusSeconds(600));
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(token))
				.withMessage("The token is invalid");
		}
	}

	/**
	 * A token made with a leaked key may not choose its own times: a day at most (a
	 * rolling change of the lifetime refuses none of either side's), issued by now.
	 */
	@Test
	void decodeWhenItLivesLongerThanADayOrIsIssuedAheadThenRefused() {
		for (String token : List.of(token(this.key, "alice", NOW, NOW.plus(Duration.ofDays(1)).plusSeconds(1)),
				token(this.key, "alice", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(3650))),
				token(this.key, "alice", NOW.plusSeconds(3600), NOW.plusSeconds(3900)))) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(token))
				.withMessage("The token is invalid");
		}
		// another instance's estimate of the database's clock may be a little ahead
		assertThat(
				decoderAt(NOW).decode(token(this.key, "alice", NOW.plusSeconds(30), NOW.plusSeconds(630))).getSubject())
			.isEqualTo("alice");
	}

	/** What an instance with another lifetime issued, during a rolling change of it. */
	@Test
	void decodeWhenItLivesLongerThanTheLifetimeButNotADayThenAccepted() {
		for (Duration life : List.of(Duration.ofHours(2), Duration.ofDays(1))) {
			assertThat(decoderAt(NOW).decode(token(this.key, "alice", NOW, NOW.plus(life))).getSubject())
				.isEqualTo("alice");
		}
		// a lifetime over a day is the ceiling itself
		AccessTokens twoDays = new AccessTokens(this.key,
				new JwtProperties(null, Duration.ofDays(2), JwtProperties.Algorithm.HS256, Duration.ofDays(30),
						Duration.ofMinutes(5), Duration.ofMinutes(1), false),
				Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS, NO_PUBLIC_URL);
		assertThat(twoDays.decode(token(this.key, "alice", NOW, NOW.plus(Duration.ofDays(2)))).getSubject())
			.isEqualTo("alice");
		String longer = token(this.key, "alice", NOW, NOW.plus(Duration.ofDays(2)).plusSeconds(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> twoDays.decode(longer));
	}

	@Test
	void decodeWhenSignedWithTheSameKeyButNotHs256ThenRefused() {
		// a 512-bit AUTH_JWT_SECRET, long enough for every HMAC algorithm
		String secret = Base64.getEncoder().encodeToString(Jwts.SIG.HS512.key().build().getEncoded());
		SecretKey key = new JwtConfiguration().jwtSigningKey(hs256(secret));
		AccessTokens tokens = new AccessTokens(key, TEN_MINUTES, Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS,
				NO_PUBLIC_URL);
		assertThat(tokens.decode(token(key, "alice", NOW, NOW.plusSeconds(600), Jwts.SIG.HS256)).getSubject())
			.isEqualTo("alice");
		for (MacAlgorithm algorithm : List.of(Jwts.SIG.HS384, Jwts.SIG.HS512)) {
			String token = token(key, "alice", NOW, NOW.plusSeconds(600), algorithm);
			assertThatExceptionOfType(BadJwtException.class).as(algorithm.getId())
				.isThrownBy(() -> tokens.decode(token))
				.withMessage("The token is invalid");
		}
	}

	@Test
	void issueWhenNoPublicUrlThenNoIssuer() {
		AccessTokens tokens = decoderAt(NOW);
		Jwt jwt = tokens.decode(tokens.issue("alice", UUID.randomUUID(), List.of(Role.USER)));
		assertThat(jwt.getClaims()).doesNotContainKey("iss");
	}

	@Test
	void decodeWhenPublicUrlSetThenAnotherDeploymentsTokenRefusedAndOneNamingNoIssuerToo() {
		AccessTokens ours = new AccessTokens(this.key, TEN_MINUTES, Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS,
				new PublicUrlProperties(URI.create("https://api.example.com/")));
		AccessTokens staging = new AccessTokens(this.key, TEN_MINUTES, Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS,
				new PublicUrlProperties(URI.create("https://staging.example.com")));
		String token = ours.issue("alice", UUID.randomUUID(), List.of(Role.USER));
		assertThat(ours.decode(token).getClaimAsString("iss")).isEqualTo("https://api.example.com");
		// the same secret, another deployment: its tokens are not ours, nor ours its
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> ours.decode(staging.issue("alice", UUID.randomUUID(), List.of(Role.USER))))
			.withMessage("The token is invalid");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> staging.decode(token));
		// one naming no issuer: a copy of the database without APP_PUBLIC_URL (staging)
		// issues such tokens with our keys; and one issued before it was set is refused
		// as
		// when it changes (clients refresh)
		String noIssuer = token(this.key, "alice", NOW, NOW.plusSeconds(600));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> ours.decode(noIssuer))
			.withMessage("The token is invalid");
		assertThat(decoderAt(NOW).decode(noIssuer).getSubject()).isEqualTo("alice");
	}

	@Test
	void issueWithASecretThenSignedWithItsTextAsTheOriginalSignedAndVerifiedSo() {
		// a hex key, as the original's SECRET_KEY was: valid base64 too, so decoding it
		// gave
		// another key
		String secret = java.util.HexFormat.of().formatHex(Jwts.SIG.HS256.key().build().getEncoded());
		JwtProperties properties = hs256(secret);
		SecretKey serverKey = new JwtConfiguration().jwtSigningKey(properties);
		AccessTokens tokens = new AccessTokens(serverKey, properties, Clock.fixed(NOW, ZoneOffset.UTC), NO_KEYS,
				NO_PUBLIC_URL);
		SecretKey originals = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
		String issued = tokens.issue("alice", SESSION, List.of(Role.USER));
		assertThat(Jwts.parser()
			.verifyWith(originals)
			.clock(() -> Date.from(NOW))
			.build()
			.parseSignedClaims(issued)
			.getPayload()
			.getSubject()).isEqualTo("alice");
		// as the original's clients' services sign with it
		assertThat(tokens.decode(token(originals, "bob", NOW, NOW.plusSeconds(600))).getSubject()).isEqualTo("bob");
		// as earlier versions, and older instances beside this one, signed
		assertThat(tokens.decode(token(serverKey, "carol", NOW, NOW.plusSeconds(600))).getSubject()).isEqualTo("carol");
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> tokens.decode(token(Jwts.SIG.HS256.key().build(), "mallory", NOW, NOW.plusSeconds(600))))
			.withMessage("The token is invalid");
		// an instance whose secret file ends in a newline takes them as they are
		AccessTokens withNewline = new AccessTokens(serverKey, hs256(secret + "\n"), Clock.fixed(NOW, ZoneOffset.UTC),
				NO_KEYS, NO_PUBLIC_URL);
		assertThat(withNewline.decode(issued).getSubject()).isEqualTo("alice");
	}

	@Test
	void decodeWhenGarbageThenRefused() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode("a.b.c"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoderAt(NOW).decode(""));
	}

	@Test
	void signingKeyWhenSecretConfiguredThenThatKey() {
		String secret = Base64.getEncoder().encodeToString(this.key.getEncoded());
		SecretKey configured = new JwtConfiguration().jwtSigningKey(hs256(secret));
		assertThat(configured.getEncoded()).isEqualTo(this.key.getEncoded());
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void signingKeyWhenTheOriginalsPublishedDefaultThenAWarningAndOtherwiseNone(CapturedOutput output) {
		new JwtConfiguration().jwtSigningKey(hs256(java.util.HexFormat.of().formatHex(this.key.getEncoded())));
		assertThat(output).doesNotContain("example key");
		new JwtConfiguration().jwtSigningKey(hs256("09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"));
		assertThat(output).contains("AUTH_JWT_SECRET is the example key of FastAPI's tutorial");
	}

	@Test
	void signingKeyWhenNoSecretThenRandomPerRun() {
		JwtProperties noSecret = hs256(null);
		assertThat(new JwtConfiguration().jwtSigningKey(noSecret).getEncoded()).hasSize(32)
			.isNotEqualTo(new JwtConfiguration().jwtSigningKey(noSecret).getEncoded());
	}

	/** HS256 settings, as {@code AUTH_JWT_ALGORITHM=HS256} gives them. */
	static JwtProperties hs256(String secret) {
		return new JwtProperties(secret, Duration.ofMinutes(10), JwtProperties.Algorithm.HS256, Duration.ofDays(30),
				Duration.ofMinutes(5), Duration.ofMinutes(1), false);
	}

	private static String token(SecretKey key, String subject, Instant issuedAt, Instant expiresAt) {
		return token(key, subject, issuedAt, expiresAt, Jwts.SIG.HS256);
	}

	private static String token(SecretKey key, String subject, Instant issuedAt, Instant expiresAt,
			MacAlgorithm algorithm) {
		return Jwts.builder()
			.subject(subject)
			.claim("sid", "session-1")
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(expiresAt))
			.id("token-id")
			.signWith(key, algorithm)
			.compact();
	}

	private AccessTokens decoderAt(Instant instant) {
		return new AccessTokens(this.key, TEN_MINUTES, Clock.fixed(instant, ZoneOffset.UTC), NO_KEYS, NO_PUBLIC_URL);
	}

	private static final class MovableClock extends Clock {

		private Instant instant;

		MovableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	/**
	 * HS256 mode's: no keys, and the database's clock this far ahead of the instance's.
	 */
	private static SigningKeys databaseAhead(Duration ahead) {
		return new SigningKeys() {

			@Override
			public SigningKey signingKey() {
				throw new AssertionError("HS256 mode signs with the secret");
			}

			@Override
			public java.security.PublicKey verificationKey(String kid) {
				throw new AssertionError("HS256 mode verifies with the secret");
			}

			@Override
			public Duration databaseAhead() {
				return ahead;
			}

		};
	}

}
