package dev.postsapi.security;

import java.util.UUID;

/**
 * Asked on every authenticated request, after the signature holds: whether the session
 * the token names is still live for its user. The feature that opens sessions answers.
 */
@FunctionalInterface
public interface LiveSessions {

	boolean isLive(UUID sessionId, String userId);

}
