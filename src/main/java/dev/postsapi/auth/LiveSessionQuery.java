package dev.postsapi.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The per-request session check, a repository fragment in plain JDBC. */
interface LiveSessionQuery {

	/**
	 * The account's stored roles (comma-separated, "" for none) while the session is live
	 * and the account enabled; else {@code null}.
	 */
	@Nullable String storedRolesIfLive(UUID sessionId, String userId);

}
