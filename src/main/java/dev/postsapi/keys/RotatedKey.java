package dev.postsapi.keys;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of a rotation. */
record RotatedKey(
		@Schema(description = "The key that signs from now on (from signs_from, if that is still ahead)",
				example = "u4nkYAXv9z4S7f1XgmdRMO8xZO_Tbu3JVUiJZRDbxqU") String kid,
		@Schema(description = "When it began or begins to sign: now, unless the previous rotation was less than "
				+ "a JWKS max-age and a reload ago") Instant signsFrom) {

}
