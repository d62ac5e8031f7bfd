package dev.postsapi.keys;

import dev.postsapi.keys.SigningKeyService.Rotation;
import dev.postsapi.security.Caller;
import dev.postsapi.security.JwtProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The public keys other services verify our tokens with, and rotating them. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Signing keys", description = "The public keys that verify access tokens (a JWK set) and their rotation")
class SigningKeyController {

	/** RFC 7517's own type, which verifiers may ask for alone. */
	private static final String JWK_SET_JSON = "application/jwk-set+json";

	private final SigningKeyRing ring;

	/** As API.md writes it; Spring's CacheControl puts max-age first. */
	private final String cacheControl;

	SigningKeyController(SigningKeyRing ring, JwtProperties properties) {
		this.ring = ring;
		this.cacheControl = "public, max-age=" + properties.jwksMaxAge().toSeconds();
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = { MediaType.APPLICATION_JSON_VALUE, JWK_SET_JSON })
	@Operation(operationId = "jwks", summary = "The public keys access tokens are signed with (a JWK set)",
			description = "Every key a token of this service may still be verified with: the one that signs, the "
					+ "next one (published before it signs), and those that signed tokens not yet expired. "
					+ "Verifiers match a token's kid; on an unknown kid, fetch again. Empty in HS256 mode.")
	@ApiResponse(responseCode = "200", description = "The key set, cacheable for AUTH_JWT_JWKS_MAX_AGE",
			headers = @Header(name = HttpHeaders.CACHE_CONTROL,
					description = "public, max-age=AUTH_JWT_JWKS_MAX_AGE in seconds",
					schema = @Schema(type = "string", example = "public, max-age=300")))
	ResponseEntity<JwkSet> jwks() {
		JwkSet keys = new JwkSet(
				this.ring.published().stream().map((key) -> PublishedKey.of(key.kid(), key.publicKey())).toList());
		// two types of one resource: a shared cache keeps each apart
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, this.cacheControl)
			.varyBy(HttpHeaders.ACCEPT)
			.body(keys);
	}

	@PostMapping("/admin/signing-keys/rotate")
	@Operation(operationId = "rotateSigningKey", summary = "Rotate the signing key (admin)",
			description = "The next key, published since the last rotation, signs from now on, and a new next key "
					+ "is published. Tokens signed before stay valid until they expire: no one is logged out.")
	@ApiResponse(responseCode = "200", description = "Rotated")
	@ApiResponse(responseCode = "403", description = "The caller is not an admin")
	@ApiResponse(responseCode = "409", description = "AUTH_JWT_ALGORITHM is HS256: there are no keys to rotate")
	RotatedKey rotate(@AuthenticationPrincipal Caller admin) {
		if (!this.ring.isEnabled()) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Tokens are signed with HS256 (AUTH_JWT_ALGORITHM): there are no keys to rotate");
		}
		Rotation rotation = this.ring.rotate(admin.userId());
		return new RotatedKey(rotation.kid(), rotation.signsFrom());
	}

}
