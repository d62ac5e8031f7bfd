package dev.postsapi.user;

import java.time.Instant;

/** A user as the API shows it: never the password or its hash. */
public record UserProfile(String userId, String email, Instant createdAt) {
}
