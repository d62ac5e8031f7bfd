package dev.postsapi.security;

import java.util.UUID;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who an authenticated request speaks for, as controllers receive it with
 * {@code @AuthenticationPrincipal}: the token's user and its session, found live.
 */
public record Caller(String userId, UUID sessionId) implements AuthenticatedPrincipal {

	@Override
	public String getName() {
		return this.userId;
	}

}
