package dev.postsapi.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.postsapi.security.LiveSessions;
import dev.postsapi.security.Role;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;

/**
 * Bearer tokens for web-layer slices, whose token decoder and session check are mocks.
 */
public final class SliceTokens {

	/** The session every slice token names. */
	public static final String SESSION_ID = "8d5c6f2e-7c1a-4a55-9d36-2f0c1b9e4a10";

	private SliceTokens() {
	}

	/**
	 * Makes a token that decodes and names {@code userId}; returns the Authorization
	 * header.
	 */
	public static String bearer(JwtDecoder decoder, LiveSessions sessions, String userId) {
		String token = "token-of-" + userId;
		given(decoder.decode(token)).willReturn(jwt(token, userId));
		given(sessions.rolesIfLive(UUID.fromString(SESSION_ID), userId)).willReturn(List.of(Role.USER));
		return "Bearer " + token;
	}

	/** A token that decodes (its signature holds) but whose session has ended. */
	public static String orphan(JwtDecoder decoder, LiveSessions sessions, String userId) {
		String token = "orphan-of-" + userId;
		given(decoder.decode(token)).willReturn(jwt(token, userId + "-gone"));
		given(sessions.rolesIfLive(eq(UUID.fromString(SESSION_ID)), eq(userId + "-gone"))).willReturn(null);
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
