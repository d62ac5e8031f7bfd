package dev.postsapi.user;

import java.time.Instant;

/**
 * A user as the API shows it: never the password or its hash. It is also the principal of
 * an authenticated request, loaded once per request by the bearer-token check.
 */
public record UserProfile(String userId, String email, Instant createdAt) {
}
