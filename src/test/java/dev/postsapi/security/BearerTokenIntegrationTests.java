package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a bearer token can be wrong gets the documented 401, over real HTTP, in HS256
 * mode (AUTH_JWT_ALGORITHM=HS256, the original's scheme), where the test can forge tokens
 * with the secret; ES256 mode's refusals are in SigningKeysIntegrationTests.
 */
@IntegrationTest
@TestPropertySource(properties = "auth.jwt.algorithm=HS256")
class BearerTokenIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JwtProperties jwtProperties;

	@Test
	void meWhenValidTokenThenProfileWithAndWithoutTrailingSlash() {
		String userId = Accounts.uniqueUserId("me");
		String token = Accounts.registerAndLogin(client, userId);
		for (String path : new String[] { "/users/me", "/users/me/" }) {
			client.get()
				.uri(path)
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.user_id")
				.isEqualTo(userId)
				.jsonPath("$.email")
				.isEqualTo(userId + "@example.com")
				.jsonPath("$.password")
				.doesNotExist();
		}
	}

	@Test
	void loginThenTheTokenIsSignedWithTheSecretsTextAsTheOriginalSignedItsOwn() {
		String userId = Accounts.uniqueUserId("original");
		String token = Accounts.registerAndLogin(client, userId);
		SecretKey originals = secretsText();
		Claims claims = Jwts.parser().verifyWith(originals).build().parseSignedClaims(token).getPayload();
		assertThat(claims.getSubject()).isEqualTo(userId);
		// and verified so: a token the service never issued, of the same session, signed
		// by whoever holds the secret
		String signedAgain = Jwts.builder()
			.claims(claims)
			.id(UUID.randomUUID().toString())
			.signWith(originals, Jwts.SIG.HS256)
			.compact();
		client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + signedAgain)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(userId);
	}

	@Test
	void jwksWhenHs256ThenEmptyAndNoKeysMade() {
		client.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk().expectBody().json("{\"keys\": []}");
		assertThat(jdbc.queryForObject("select count(*) from signing_keys", Integer.class)).isZero();
	}

	@Test
	void meWhenNoTokenThen401WithBearerChallengeAndNoError() {
		client.get()
			.uri("/users/me/")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate", header -> assertThat(header).startsWith("Bearer").doesNotContain("error="))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not validate credentials")
			.jsonPath("$.status")
			.isEqualTo(401)
			// the trailing slash is dropped before anything else sees the path
			.jsonPath("$.instance")
			.isEqualTo("/users/me");
	}

	@Test
	void protectedPathsWhenAnsweredOrRefusedThenSpringSecuritysHeadersOnce() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("headers"));
		List<RestTestClient.ResponseSpec> answers = List.of(
				client.get().uri("/users/me").header("Authorization", "Bearer " + token).exchange(),
				client.get().uri("/users/me").exchange(),
				client.get().uri("/posts/999999999").header("Authorization", "Bearer " + token).exchange(),
				client.post()
					.uri("/posts/")
					.header("Authorization", "Bearer " + token)
					.contentType(MediaType.APPLICATION_JSON)
					.body("{\"post_data\": \"\"}")
					.exchange());
		List<Integer> statuses = new ArrayList<>();
		for (RestTestClient.ResponseSpec answer : answers) {
			answer.expectHeader()
				.values("Cache-Control",
						values -> assertThat(values).containsExactly("no-cache, no-store, max-age=0, must-revalidate"))
				.expectHeader()
				.values("X-Content-Type-Options", values -> assertThat(values).containsExactly("nosniff"))
				.expectHeader()
				.values("X-Frame-Options", values -> assertThat(values).containsExactly("DENY"))
				.expectHeader()
				.values("Referrer-Policy", values -> assertThat(values).containsExactly("no-referrer"))
				.expectHeader()
				.valueEquals("Pragma", "no-cache")
				.expectHeader()
				.valueEquals("Expires", "0")
				.expectBody()
				.consumeWith(result -> statuses.add(result.getStatus().value()));
		}
		assertThat(statuses).containsExactly(200, 401, 404, 422);
	}

	@Test
	void publicPathsWhenNoTokenThenNever401() {
		// the resource metadata is the one public path the API chain serves
		client.post().uri("/.well-known/oauth-protected-resource").exchange().expectStatus().isNotFound();
		client.get().uri("/.well-known/oauth-protected-resource").exchange().expectStatus().isOk();
		client.post().uri("/.well-known/jwks.json").exchange().expectStatus().isEqualTo(405);
		client.get().uri("/users/").exchange().expectStatus().isEqualTo(405);
	}

	@Test
	void meWhenValidTokenSentAsDpopThen401() {
		// no DPoP filter (SecurityConfiguration): the scheme authenticates nobody, even
		// with a token that works as Bearer
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("dpop"));
		client.get()
			.uri("/users/me")
			.header("Authorization", "DPoP " + token)
			.header("DPoP", "not.a.proof")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not validate credentials");
		client.get().uri("/users/me").header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
	}

	/**
	 * The filters of both chains, by name, so that one a change adds or loses shows here
	 * (SecurityConfiguration refuses to start if it would remove more than DPoP's).
	 */
	@Test
	void chainsWhenBuiltThenOnlyTheFiltersThisApiNeeds(@Autowired FilterChainProxy security) {
		assertThat(security.getFilterChains())
			.extracting(chain -> chain.getFilters().stream().map(filter -> filter.getClass().getSimpleName()).toList())
			.containsExactly(
					List.of("WebAsyncManagerIntegrationFilter", "SecurityContextHolderFilter", "HeaderWriterFilter",
							"CorsFilter", "AnonymousAuthenticationFilter", "ExceptionTranslationFilter",
							"AuthorizationFilter"),
					List.of("WebAsyncManagerIntegrationFilter", "SecurityContextHolderFilter", "HeaderWriterFilter",
							"CorsFilter", "OAuth2ProtectedResourceMetadataFilter", "BearerTokenAuthenticationFilter",
							"ExceptionTranslationFilter", "AuthorizationFilter"));
	}

	@Test
	void meWhenMalformedTokenThen401InvalidToken() {
		assertInvalidToken("not-a-jwt");
	}

	@Test
	void meWhenTamperedTokenThen401InvalidToken() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("tamper"));
		String[] parts = token.split("\\.");
		String otherClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone_else\"")
				.getBytes(StandardCharsets.UTF_8));
		assertInvalidToken(parts[0] + "." + otherClaims + "." + parts[2]);
	}

	@Test
	void meWhenExpiredTokenThen401InvalidToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("expired"));
		Instant issued = Instant.now().minusSeconds(3600);
		assertInvalidToken(Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(issued))
			.expiration(Date.from(issued.plusSeconds(600)))
			.id("expired")
			.signWith(secretsText(), Jwts.SIG.HS256)
			.compact());
	}

	@Test
	void meWhenAlgNoneTokenThen401InvalidToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("none"));
		Instant now = Instant.now();
		String unsigned = Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plusSeconds(600)))
			.compact();
		assertThat(unsigned).endsWith(".");
		assertInvalidToken(unsigned);
	}

	@Test
	void meWhenSignedWithAnotherKeyThen401InvalidToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("wrongkey"));
		Instant now = Instant.now();
		assertInvalidToken(Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plusSeconds(600)))
			.signWith(Jwts.SIG.HS256.key().build(), Jwts.SIG.HS256)
			.compact());
	}

	@Test
	void meWhenTokenHasNoExpiryThen401InvalidToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("noexp"));
		assertInvalidToken(
				Jwts.builder().subject(userId).issuedAt(new Date()).signWith(secretsText(), Jwts.SIG.HS256).compact());
	}

	@Test
	void meWhenSignedTokenNamesNoSessionThen401InvalidToken() {
		String userId = Accounts.register(client, Accounts.uniqueUserId("nosid"));
		assertInvalidToken(validlySigned(userId, null));
		assertInvalidToken(validlySigned(userId, "not-a-uuid"));
		assertInvalidToken(validlySigned(userId, UUID.randomUUID().toString()));
	}

	@Test
	void meWhenSignedTokenNamesSomeoneElsesSessionThen401InvalidToken() {
		String victim = Accounts.uniqueUserId("victim");
		String victimsToken = Accounts.registerAndLogin(client, victim);
		String sid = jdbc.queryForObject("select session_id::text from sessions where user_id = ?", String.class,
				victim);
		String attacker = Accounts.register(client, Accounts.uniqueUserId("attacker"));
		assertInvalidToken(validlySigned(attacker, sid));
		assertThat(victimsToken).isNotBlank();
	}

	@Test
	void meWhenSignedTokenOfALiveSessionIssuedNotBeforeItExpiresThen401InvalidToken() {
		String userId = Accounts.uniqueUserId("iat");
		Accounts.registerAndLogin(client, userId);
		String sid = jdbc.queryForObject("select session_id::text from sessions where user_id = ?", String.class,
				userId);
		Instant now = Instant.now();
		// the session is live: in order, the same times are accepted
		client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + signed(userId, sid, now, now.plusSeconds(600)))
			.exchange()
			.expectStatus()
			.isOk();
		assertInvalidToken(signed(userId, sid, now.plusSeconds(600), now.plusSeconds(600)));
		assertInvalidToken(signed(userId, sid, now.plusSeconds(3600), now.plusSeconds(600)));
	}

	@Test
	void meWhenUserNoLongerExistsThen401InvalidToken() {
		String userId = Accounts.uniqueUserId("deleted");
		String token = Accounts.registerAndLogin(client, userId);
		jdbc.update("delete from users where user_id = ?", userId);
		assertInvalidToken(token);
	}

	@Test
	void meWhenTheSessionEndedThenTheSameWordsAsForAForgedToken() {
		// a thief holding the token learns nothing of what its owner did
		String userId = Accounts.register(client, Accounts.uniqueUserId("ended"));
		String ended = Accounts.login(client, userId, Accounts.PASSWORD);
		jdbc.update("update sessions set revoked_at = now() where user_id = ?", userId);
		assertThat(challenge(ended)).isEqualTo(challenge(validlySigned(userId, UUID.randomUUID().toString())))
			.isEqualTo(challenge(validlySigned(userId, null)))
			.isEqualTo(challenge(ended.substring(0, ended.length() - 2) + "xx"));
	}

	@Test
	void meWhenTwoAuthorizationHeadersThen400InvalidRequestWhicheverComesFirst() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("twice"));
		for (String[] headers : List.of(new String[] { "Bearer " + token, "Bearer garbage" },
				new String[] { "Bearer garbage", "Bearer " + token })) {
			client.get()
				.uri("/users/me")
				.header("Authorization", headers)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.value("WWW-Authenticate", (header) -> assertThat(header).contains("error=\"invalid_request\""))
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("Only one Authorization header may be sent");
		}
	}

	@Test
	void unknownPathWhenAuthenticatedThen404Problem() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("lost"));
		client.get()
			.uri("/no/such/path")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
	}

	@Test
	void registerWhenStaleBearerTokenSentThenStillRegisters() {
		String userId = Accounts.uniqueUserId("stalereg");
		client.post()
			.uri("/users")
			.header("Authorization", "Bearer expired.or.bad")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"user_id\":\"" + userId + "\",\"email\":\"" + userId
					+ "@example.com\",\"password\":\"strong_password\"}")
			.exchange()
			.expectStatus()
			.isCreated();
	}

	/** HS256's key: python-jose keyed HMAC with SECRET_KEY's UTF-8 bytes. */
	private SecretKey secretsText() {
		return Keys.hmacShaKeyFor(jwtProperties.secret().getBytes(StandardCharsets.UTF_8));
	}

	/** A token with the service's own key, as only a holder of the key could make. */
	private String validlySigned(String userId, String sessionId) {
		Instant now = Instant.now();
		return signed(userId, sessionId, now, now.plusSeconds(600));
	}

	private String signed(String userId, String sessionId, Instant issuedAt, Instant expiresAt) {
		var builder = Jwts.builder()
			.subject(userId)
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(expiresAt))
			.id(UUID.randomUUID().toString());
		if (sessionId != null) {
			builder.claim("sid", sessionId);
		}
		return builder.signWith(secretsText(), Jwts.SIG.HS256).compact();
	}

	private String challenge(String token) {
		return client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.returnResult()
			.getResponseHeaders()
			.getFirst("WWW-Authenticate");
	}

	private void assertInvalidToken(String token) {
		client.get()
			.uri("/users/me")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value("WWW-Authenticate",
					header -> assertThat(header).startsWith("Bearer").contains("error=\"invalid_token\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not validate credentials");
	}

}
