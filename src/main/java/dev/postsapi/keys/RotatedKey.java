package dev.postsapi.keys;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of a rotation. */
record RotatedKey(
		@Schema(description = "The key that signs from now on (on the other instances from their next key reload)",
				example = "u4nkYAXv9z4S7f1XgmdRMO8xZO_Tbu3JVUiJZRDbxqU") String kid,
		@Schema(description = "When it began to sign: now, by the database's clock (a moment later, after a "
				+ "key an older version scheduled ahead)") Instant signsFrom) {

}
