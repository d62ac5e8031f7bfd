package dev.postsapi.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ES256 mode without Spring: what is issued, and every token that must be refused before
 * its signature is even looked at (alg confusion, keys named by the token, unknown kids).
 */
class Es256AccessTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

	private static final UUID SESSION = UUID.fromString("8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a10");

	private final SecretKey secret = Jwts.SIG.HS256.key().build();

	private final KeyPair ours = Jwts.SIG.ES256.keyPair().build();

	private final FakeKeys keys = new FakeKeys("our-kid", this.ours);

	private final AccessTokens tokens = new AccessTokens(this.secret,
			new JwtProperties(null, Duration.ofMinutes(10), JwtProperties.Algorithm.ES256, Duration.ofDays(30),
					Duration.ofMinutes(5), Duration.ofMinutes(1), false),
			Clock.fixed(NOW, ZoneOffset.UTC), this.keys, new PublicUrlProperties(null));

	@Test
	void issueThenEs256WithTheSigningKidThatAStockParserVerifiesWithThePublicKey() {
		String token = this.tokens.issue("alice", SESSION, List.of(Role.USER));
		Jwt jwt = this.tokens.decode(token);
		assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "our-kid");
		assertThat(jwt.getSubject()).isEqualTo("alice");
		assertThat(jwt.getClaimAsString("sid")).isEqualTo(SESSION.toString());
		assertThat(Jwts.parser()
			.verifyWith(this.ours.getPublic())
			.clock(() -> Date.from(NOW))
			.build()
			.parseSignedClaims(token)
			.getPayload()
			.getSubject()).isEqualTo("alice");
	}

	@Test
	void decodeWhenHs256SignedWithThePublicKeyThenRefused() {
		PublicKey publicKey = this.ours.getPublic();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(publicKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		String jwkJson = Jwks.json(Jwks.builder().key(this.ours.getPublic()).id("our-kid").build());
		for (byte[] keyBytes : List.of(publicKey.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII),
				jwkJson.getBytes(StandardCharsets.UTF_8))) {
			String confused = claims().header()
				.keyId("our-kid")
				.and()
				.signWith(Keys.hmacShaKeyFor(keyBytes), Jwts.SIG.HS256)
				.compact();
			assertRefused(confused);
		}
	}

	@Test
	void decodeWhenHs256SignedWithTheServerSecretThenRefused() {
		assertRefused(claims().signWith(this.secret, Jwts.SIG.HS256).compact());
		assertRefused(claims().header().keyId("our-kid").and().signWith(this.secret, Jwts.SIG.HS256).compact());
	}

	@Test
	void decodeWhenTheHeaderNamesOrCarriesAKeyThenRefusedWithoutLookingItUp() {
		KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
		List<String> headerTokens = List.of(
				claims().header()
					.keyId("our-kid")
					.jwkSetUrl(URI.create("https://attacker.example/jwks.json"))
					.and()
					.signWith(this.ours.getPrivate(), Jwts.SIG.ES256)
					.compact(),
				claims().header()
					.keyId("our-kid")
					.jwk(Jwks.builder().key(attacker.getPublic()).build())
					.and()
					.signWith(attacker.getPrivate(), Jwts.SIG.ES256)
					.compact(),
				claims().header()
					.keyId("our-kid")
					.x509Url(URI.create("https://attacker.example/cert.pem"))
					.and()
					.signWith(this.ours.getPrivate(), Jwts.SIG.ES256)
					.compact());
		for (String token : headerTokens) {
			assertRefused(token);
		}
		assertThat(this.keys.asked).isEmpty();
	}

	@Test
	void decodeWhenKidUnknownOrMissingThenRefused() {
		assertRefused(
				claims().header().keyId("made-up").and().signWith(this.ours.getPrivate(), Jwts.SIG.ES256).compact());
		assertThat(this.keys.asked).containsExactly("made-up");
		assertRefused(claims().signWith(this.ours.getPrivate(), Jwts.SIG.ES256).compact());
	}

	@Test
	void decodeWhenOurKidButAnotherKeySignedThenRefused() {
		KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
		assertRefused(
				claims().header().keyId("our-kid").and().signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact());
	}

	@Test
	void decodeWhenAnotherEcAlgorithmThenRefused() {
		KeyPair p384 = Jwts.SIG.ES384.keyPair().build();
		this.keys.add("p384", p384);
		assertRefused(claims().header().keyId("p384").and().signWith(p384.getPrivate(), Jwts.SIG.ES384).compact());
	}

	@Test
	void decodeWhenVerifiedOnceThenTheKeysAreNotAskedAgain() {
		String token = this.tokens.issue("alice", SESSION, List.of(Role.USER));
		this.tokens.decode(token);
		this.tokens.decode(token);
		assertThat(this.keys.asked).containsExactly("our-kid");
	}

	private void assertRefused(String token) {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.tokens.decode(token))
			.withMessage("The token is invalid");
	}

	private static JwtBuilder claims() {
		return Jwts.builder()
			.subject("alice")
			.claim("sid", SESSION.toString())
			.issuedAt(Date.from(NOW))
			.expiration(Date.from(NOW.plusSeconds(600)));
	}

	private static final class FakeKeys implements SigningKeys {

		private final Map<String, KeyPair> pairs = new java.util.HashMap<>();

		private final String signing;

		final List<String> asked = new ArrayList<>();

		FakeKeys(String kid, KeyPair pair) {
			this.signing = kid;
			add(kid, pair);
		}

		void add(String kid, KeyPair pair) {
			this.pairs.put(kid, pair);
		}

		@Override
		public SigningKey signingKey() {
			return new SigningKey(this.signing, this.pairs.get(this.signing).getPrivate());
		}

		@Override
		public Duration databaseAhead() {
			return Duration.ZERO;
		}

		@Override
		public @Nullable PublicKey verificationKey(String kid) {
			this.asked.add(kid);
			KeyPair pair = this.pairs.get(kid);
			return (pair != null) ? pair.getPublic() : null;
		}

	}

}
