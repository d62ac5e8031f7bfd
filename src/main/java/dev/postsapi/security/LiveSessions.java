package dev.postsapi.security;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Asked on every authenticated request, after the signature holds: whether the session
 * the token names is still live for its user, and the account's roles as they are now.
 * The feature that opens sessions answers, in one statement.
 */
public interface LiveSessions {

	/** The account's roles while the session is live; {@code null} once it has ended. */
	@Nullable List<Role> rolesIfLive(UUID sessionId, String userId);

	/**
	 * The same, in the caller's transaction, the account's row held until it ends: a
	 * demotion or a disabling either came first and is seen, or waits for the
	 * transaction. What a role allows beyond the request's own check asks this.
	 */
	@Nullable List<Role> holdRolesIfLive(UUID sessionId, String userId);

}
