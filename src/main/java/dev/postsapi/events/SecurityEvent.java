package dev.postsapi.events;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Something that happened to an account, as a feature reports it: to
 * {@link SecurityEvents#record}, or published as an application event (recorded
 * synchronously, in the publisher's transaction). A null {@code userId} means the action
 * named no existing account: counted in the metrics, never stored.
 */
public record SecurityEvent(@Nullable String userId, SecurityEventType type, @Nullable UUID sessionId) {

}
