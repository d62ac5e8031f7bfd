package dev.postsapi.keys;

import java.security.interfaces.ECPublicKey;

import io.jsonwebtoken.security.EcPublicJwk;
import io.jsonwebtoken.security.Jwks;
import io.swagger.v3.oas.annotations.media.Schema;

/** A public key as RFC 7517 writes it: all a verifier needs, nothing private. */
@Schema(description = "An EC P-256 public key (RFC 7517, RFC 7518 section 6.2)")
record PublishedKey(@Schema(example = "EC") String kty, @Schema(example = "P-256") String crv,
		@Schema(example = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU") String x,
		@Schema(example = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0") String y,
		@Schema(description = "The RFC 7638 thumbprint, as the tokens' header names it",
				example = "u4nkYAXv9z4S7f1XgmdRMO8xZO_Tbu3JVUiJZRDbxqU") String kid,
		@Schema(example = "sig") String use, @Schema(example = "ES256") String alg) {

	static PublishedKey of(String kid, ECPublicKey key) {
		EcPublicJwk jwk = Jwks.builder().key(key).id(kid).build();
		return new PublishedKey("EC", String.valueOf(jwk.get("crv")), String.valueOf(jwk.get("x")),
				String.valueOf(jwk.get("y")), kid, "sig", "ES256");
	}

}
