package dev.postsapi.keys;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A JWK set (RFC 7517, section 5). */
record JwkSet(@Schema(
		description = "Every key a token of this service may still be verified with; empty in HS256 mode") List<PublishedKey> keys) {

}
