package dev.postsapi.auth;

import java.util.UUID;

/** The per-request session check, a repository fragment in plain JDBC. */
interface LiveSessionQuery {

	boolean isLive(UUID sessionId, String userId);

}
