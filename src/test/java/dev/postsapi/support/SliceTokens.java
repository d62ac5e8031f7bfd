package dev.postsapi.support;

import java.time.Instant;
import java.util.Optional;

import dev.postsapi.security.PrincipalLookup;
import dev.postsapi.user.UserProfile;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;

/**
 * Bearer tokens for web-layer slices, whose token decoder and principal lookup are mocks.
 */
public final class SliceTokens {

	/** The session every slice token names. */
	public static final String SESSION_ID = "8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a10";

	private SliceTokens() {
	}

	/** A profile for slice tests. */
	public static UserProfile user(String userId) {
		return new UserProfile(userId, userId + "@example.com", Instant.parse("2026-11-25T10:15:30Z"));
	}

	/**
	 * Makes a token that decodes and names {@code user}; returns the Authorization
	 * header.
	 */
	public static String bearer(JwtDecoder decoder, PrincipalLookup principals, UserProfile user) {
		String token = "token-of-" + user.userId();
		given(decoder.decode(token)).willReturn(jwt(token, user.userId()));
		given(principals.findPrincipal(argThat(jwt -> jwt != null && token.equals(jwt.getTokenValue()))))
			.willAnswer(invocation -> Optional.of(user));
		return "Bearer " + token;
	}

	/** A token that decodes (its signature holds) but whose user is gone. */
	public static String orphan(JwtDecoder decoder, PrincipalLookup principals, String userId) {
		String token = "orphan-of-" + userId;
		given(decoder.decode(token)).willReturn(jwt(token, userId));
		given(principals.findPrincipal(argThat(jwt -> jwt != null && token.equals(jwt.getTokenValue()))))
			.willAnswer(invocation -> Optional.empty());
		return "Bearer " + token;
	}

	private static Jwt jwt(String token, String subject) {
		Instant now = Instant.now();
		return Jwt.withTokenValue(token)
			.header("alg", "HS256")
			.subject(subject)
			.claim("sid", SESSION_ID)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build();
	}

}
