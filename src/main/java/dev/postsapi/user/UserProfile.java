package dev.postsapi.user;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A user as the API shows them to themselves: never the password or its hash. */
public record UserProfile(String userId, String email, Instant createdAt,
		@ArraySchema(schema = @Schema(allowableValues = {
				"user", "moderator", "admin" }), arraySchema = @Schema(example = "[\"user\"]")) List<String> roles,
		boolean emailVerified){
}
