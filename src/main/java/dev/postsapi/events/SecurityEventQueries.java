package dev.postsapi.events;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** {@link SecurityEventRepository}'s statements in plain JDBC. */
interface SecurityEventQueries {

	/** One event; it joins the transaction in progress, if any. */
	void insert(String userId, SecurityEventType type, @Nullable UUID sessionId, @Nullable String address,
			@Nullable String userAgent);

	/** One event per session, in one statement. */
	void insertForSessions(String userId, SecurityEventType type, Collection<UUID> sessionIds, @Nullable String address,
			@Nullable String userAgent);

	/** The user's events, newest first. */
	List<SecurityEventResponse> listOfUser(String userId, int limit, int offset);

	/** Every account's events, newest first, of one user and of one type if given. */
	List<AdminSecurityEventResponse> listAll(@Nullable String userId, @Nullable SecurityEventType type, int limit,
			int offset);

}
