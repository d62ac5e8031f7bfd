package dev.postsapi.security;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Asked on every authenticated request, after the signature holds: whether the session
 * the token names is still live for its user, and the account's roles as they are now.
 * The feature that opens sessions answers, in one statement.
 */
@FunctionalInterface
public interface LiveSessions {

	/** The account's roles while the session is live; {@code null} once it has ended. */
	@Nullable List<Role> rolesIfLive(UUID sessionId, String userId);

}
