package dev.postsapi.keys;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.SecretKey;

import com.sun.net.httpserver.HttpServer;
import dev.postsapi.security.JwtProperties;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.PublicJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * ES256 mode (the default) from outside: the JWKS, a stock verifier fed only its URL, the
 * keys sealed at rest, and every forged token refused with the documented 401.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SigningKeysIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SecretKey serverSecret;

	@Autowired
	JwtProperties jwtProperties;

	@LocalServerPort
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void jwksThenPublicCacheableAndOnlyPublicFieldsOfEveryKeyIncludingTheOneThatSigned() {
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("jwks"));
		for (String path : List.of("/.well-known/jwks.json", "/.well-known/jwks.json/")) {
			Map<?, ?> jwks = this.client.get()
				.uri(path)
				// a stale token does not make the public key set a 401
				.header("Authorization", "Bearer not-a-token")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Cache-Control", "public, max-age=300")
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			List<?> keys = (List<?>) jwks.get("keys");
			// the key that signs and the next one, waiting (and any a rotation retired)
			assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
			for (Object key : keys) {
				assertThat(((Map<?, ?>) key).keySet()).map(Object::toString)
					.containsExactlyInAnyOrder("kty", "crv", "x", "y", "kid", "use", "alg");
				assertThat((Map<String, Object>) key).containsEntry("kty", "EC")
					.containsEntry("crv", "P-256")
					.containsEntry("use", "sig")
					.containsEntry("alg", "ES256");
			}
			assertThat(keys).map(key -> String.valueOf(((Map<?, ?>) key).get("kid")))
				.contains(String.valueOf(header(token).get("kid")));
		}
	}

	@Test
	void jwksWhenOnlyTheJwkSetTypeIsAcceptedThenServedAsItAndCachedApart() {
		this.client.get()
			.uri("/.well-known/jwks.json")
			.header("Accept", "application/jwk-set+json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/jwk-set+json")
			// a shared cache must not hand this type to a client that asked for JSON
			.expectHeader()
			.values("Vary", (vary) -> assertThat(vary).contains("Accept"))
			.expectBody()
			.jsonPath("$.keys")
			.isArray();
	}

	@Test
	void stockVerifierFedOnlyTheJwksUrlThenVerifiesOurTokens() {
		String user = Accounts.uniqueUserId("nimbus");
		String token = Accounts.registerAndLogin(this.client, user);
		JwtDecoder stock = NimbusJwtDecoder.withJwkSetUri("http://localhost:" + this.port + "/.well-known/jwks.json")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		Jwt jwt = stock.decode(token);
		assertThat(jwt.getSubject()).isEqualTo(user);
		assertThat(jwt.getHeaders()).containsEntry("alg", "ES256");
		// and it refuses what is not ours
		KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
		String forged = claims(user).header()
			.keyId(header(token).get("kid").toString())
			.and()
			.signWith(attacker.getPrivate(), Jwts.SIG.ES256)
			.compact();
		assertThatException().isThrownBy(() -> stock.decode(forged));
	}

	@Test
	void privateKeysAtRestThenSealedNotReadableAsKeys() {
		List<byte[]> stored = this.jdbc.queryForList("select private_key from signing_keys", byte[].class);
		assertThat(stored).hasSizeGreaterThanOrEqualTo(2);
		for (byte[] sealed : stored) {
			assertThatException()
				.isThrownBy(() -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sealed)));
		}
	}

	@Test
	void tokenWhenHs256SignedWithThePublishedPublicKeyThen401() throws Exception {
		String user = Accounts.uniqueUserId("confused");
		String token = Accounts.registerAndLogin(this.client, user);
		String kid = header(token).get("kid").toString();
		String jwksJson = this.client.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		PublicJwk<?> published = Jwks.setParser()
			.build()
			.parse(jwksJson)
			.getKeys()
			.stream()
			.filter(jwk -> kid.equals(jwk.getId()))
			.map(jwk -> (PublicJwk<?>) jwk)
			.findFirst()
			.orElseThrow();
		PublicKey publicKey = published.toKey();
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		for (byte[] keyBytes : List.of(publicKey.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII),
				jwksJson.getBytes(StandardCharsets.UTF_8))) {
			String confused = claims(user, sid(token)).header()
				.keyId(kid)
				.and()
				.signWith(Keys.hmacShaKeyFor(keyBytes), Jwts.SIG.HS256)
				.compact();
			assertInvalidToken(confused);
		}
		// nor the HS256 scheme with the server's secret, in ES256 mode: its text or
		// decoded
		assertInvalidToken(claims(user, sid(token)).signWith(this.serverSecret, Jwts.SIG.HS256).compact());
		byte[] secretsText = this.jwtProperties.secret().getBytes(StandardCharsets.UTF_8);
		assertInvalidToken(
				claims(user, sid(token)).signWith(Keys.hmacShaKeyFor(secretsText), Jwts.SIG.HS256).compact());
		assertThat(me(token)).isEqualTo(200);
	}

	@Test
	void tokenWhenHeaderNamesItsOwnKeyThen401WithoutAnyRequestToIt() throws Exception {
		String user = Accounts.uniqueUserId("jku");
		String token = Accounts.registerAndLogin(this.client, user);
		AtomicInteger fetched = new AtomicInteger();
		HttpServer attackerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		attackerSite.createContext("/", exchange -> {
			fetched.incrementAndGet();
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		attackerSite.start();
		try {
			URI attacker = URI.create("http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/jwks.json");
			KeyPair attackerKey = Jwts.SIG.ES256.keyPair().build();
			PublicJwk<?> attackerJwk = Jwks.builder().key(attackerKey.getPublic()).idFromThumbprint().build();
			assertInvalidToken(claims(user, sid(token)).header()
				.jwkSetUrl(attacker)
				.keyId(attackerJwk.getId())
				.and()
				.signWith(attackerKey.getPrivate(), Jwts.SIG.ES256)
				.compact());
			assertInvalidToken(claims(user, sid(token)).header()
				.jwk(attackerJwk)
				.and()
				.signWith(attackerKey.getPrivate(), Jwts.SIG.ES256)
				.compact());
			assertInvalidToken(claims(user, sid(token)).header()
				.x509Url(attacker)
				.keyId(attackerJwk.getId())
				.and()
				.signWith(attackerKey.getPrivate(), Jwts.SIG.ES256)
				.compact());
		}
		finally {
			attackerSite.stop(0);
		}
		assertThat(fetched).hasValue(0);
	}

	@Test
	void tokenWhenKidUnknownOrMissingThen401() {
		String user = Accounts.uniqueUserId("kid");
		String token = Accounts.registerAndLogin(this.client, user);
		KeyPair attackerKey = Jwts.SIG.ES256.keyPair().build();
		for (int i = 0; i < 50; i++) {
			assertInvalidToken(claims(user, sid(token)).header()
				.keyId("made-up-" + UUID.randomUUID())
				.and()
				.signWith(attackerKey.getPrivate(), Jwts.SIG.ES256)
				.compact());
		}
		assertInvalidToken(claims(user, sid(token)).signWith(attackerKey.getPrivate(), Jwts.SIG.ES256).compact());
		assertThat(me(token)).isEqualTo(200);
	}

	@Test
	void rotateWhenNoTokenThen401AndWhenNotAdminThen403() {
		List<String> published = kids();
		this.client.post().uri("/admin/signing-keys/rotate").exchange().expectStatus().isUnauthorized();
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("notadmin"));
		this.client.post()
			.uri("/admin/signing-keys/rotate")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(kids()).isEqualTo(published);
	}

	@Test
	void rotateWhenAdminThenTheNextKeyIsNamedAndTokensOfBothKeysStillWork(CapturedOutput output) {
		String admin = Accounts.register(this.client, Accounts.uniqueUserId("keyadmin"));
		this.jdbc.update("update users set roles = '{admin}' where user_id = ?", admin);
		String before = Accounts.login(this.client, admin, Accounts.PASSWORD);
		List<String> published = kids();
		Map<?, ?> rotated = this.client.post()
			.uri("/admin/signing-keys/rotate/")
			.header("Authorization", "Bearer " + before)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		// the key that was waiting, published before the rotation
		assertThat(published).contains(rotated.get("kid").toString());
		assertThat(rotated.get("signs_from")).isNotNull();
		// who rotated, in the log: no account's events say it
		assertThat(output).contains("Admin " + admin + " rotated the signing keys: " + rotated.get("kid"));
		assertThat(kids()).containsAll(published).hasSize(published.size() + 1);
		// the key that signs from now on, though published only since the start
		String after = Accounts.login(this.client, admin, Accounts.PASSWORD);
		assertThat(header(after).get("kid")).isEqualTo(rotated.get("kid"));
		assertThat(this.jdbc.queryForObject("select cast(? as timestamptz) <= now()", Boolean.class,
				rotated.get("signs_from")))
			.isTrue();
		assertThat(me(before)).isEqualTo(200);
		assertThat(me(after)).isEqualTo(200);
	}

	private List<String> kids() {
		Map<?, ?> jwks = this.client.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<?>) jwks.get("keys")).stream().map(key -> ((Map<?, ?>) key).get("kid").toString()).toList();
	}

	private int me(String token) {
		return this.client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private void assertInvalidToken(String token) {
		this.client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", value -> assertThat(value).contains("error=\"invalid_token\""))
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not validate credentials");
	}

	static Map<?, ?> header(String token) {
		return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[0]), Map.class);
	}

	static Map<?, ?> payload(String token) {
		return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
	}

	private static String sid(String token) {
		return payload(token).get("sid").toString();
	}

	private static JwtBuilder claims(String user) {
		return claims(user, UUID.randomUUID().toString());
	}

	/** Claims as the service's own tokens carry them: only the signature is forged. */
	private static JwtBuilder claims(String user, String sessionId) {
		Date now = new Date();
		return Jwts.builder()
			.subject(user)
			.claim("sid", sessionId)
			.claim("roles", List.of("user"))
			.issuedAt(now)
			.expiration(new Date(now.getTime() + 600_000))
			.id(UUID.randomUUID().toString());
	}

}
