package dev.postsapi.events;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One of the caller's security events. */
record SecurityEventResponse(@Schema(example = "login_succeeded") SecurityEventType type,
		@Schema(description = "When it happened (the database's clock)") Instant occurredAt,
		@Schema(description = "The client's address, as the service saw it; null if unknown, or if another account "
				+ "(an admin) caused the event", example = "203.0.113.7") @Nullable String ipAddress,
		@Schema(description = "The client's User-Agent (up to 512 characters); null if none was sent, or if "
				+ "another account (an admin) caused the event", example = "Mozilla/5.0") @Nullable String userAgent,
		@Schema(description = "The session it concerns (the access token's sid); null where none applies",
				example = "3f2b8c1e-6a4d-4f7e-9b1a-2c5d8e0f4a6b") @Nullable UUID sessionId) {

}
