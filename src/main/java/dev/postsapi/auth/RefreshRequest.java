package dev.postsapi.auth;

import dev.postsapi.json.Storable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.web.bind.annotation.BindParam;

/** A refresh token presented for exchange (JSON or form), or named at logout. */
public record RefreshRequest(@Schema(
		description = "The refresh token of the last login or refresh") @BindParam("refresh_token") @NotEmpty @Storable String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[]";
	}

}
