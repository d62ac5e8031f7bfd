package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The optional body of {@code POST /logout}. */
public record LogoutRequest(@Schema(
		description = "A refresh token of the caller's whose session ends too (e.g. this device's, when the access "
				+ "token came from another session); someone else's is ignored") @Nullable String refreshToken) {

	@Override
	public String toString() {
		return "LogoutRequest[]";
	}

}
