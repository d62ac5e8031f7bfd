package dev.postsapi.user;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A user as admins see them. */
public record UserAccount(String userId, String email, Instant createdAt,
		@ArraySchema(schema = @Schema(allowableValues = {
				"user", "moderator", "admin" }),
				arraySchema = @Schema(example = "[\"user\", \"moderator\"]")) List<String> roles,
		boolean disabled, boolean emailVerified){
}
