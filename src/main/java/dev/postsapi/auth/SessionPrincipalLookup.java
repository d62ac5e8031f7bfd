package dev.postsapi.auth;

import java.util.Optional;
import java.util.UUID;

import dev.postsapi.security.PrincipalLookup;
import dev.postsapi.user.UserProfile;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Who an access token speaks for: its user, as long as the session it names is live. One
 * statement per request, so a logout is seen by every instance on the next request. A
 * token without a session is refused.
 */
@Component
class SessionPrincipalLookup implements PrincipalLookup {

	private final SessionService sessions;

	SessionPrincipalLookup(SessionService sessions) {
		this.sessions = sessions;
	}

	@Override
	public Optional<UserProfile> findPrincipal(Jwt token) {
		return sessionId(token)
			.flatMap(sessionId -> this.sessions.findUserOfLiveSession(sessionId, token.getSubject()));
	}

	static Optional<UUID> sessionId(Jwt token) {
		String sessionId = token.getClaimAsString(TokenService.SESSION_CLAIM);
		try {
			return (sessionId != null) ? Optional.of(UUID.fromString(sessionId)) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
