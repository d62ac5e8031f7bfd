package dev.postsapi.auth;

import java.time.Instant;
import java.util.UUID;

import dev.postsapi.auth.SessionRepository.LiveSession;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One of the caller's live sessions: a device or client logged in. */
record DeviceSession(@Schema(description = "The id access tokens carry as their sid claim") UUID sessionId,
		@Schema(description = "When the login happened") Instant createdAt,
		@Schema(description = "The last login or refresh of this session (not every request)") Instant lastUsedAt,
		@Schema(description = "When the session ends however often it is refreshed") Instant expiresAt,
		@Schema(description = "The client address of the last login or refresh",
				example = "203.0.113.7") @Nullable String ipAddress,
		@Schema(description = "The User-Agent of the last login or refresh",
				example = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0") @Nullable String userAgent,
		@Schema(description = "Whether the calling token belongs to this session") boolean current) {

	static DeviceSession of(LiveSession session, UUID callerSession) {
		return new DeviceSession(session.getSessionId(), session.getCreatedAt(), session.getLastUsedAt(),
				session.getExpiresAt(), session.getIpAddress(), session.getUserAgent(),
				session.getSessionId().equals(callerSession));
	}

}
