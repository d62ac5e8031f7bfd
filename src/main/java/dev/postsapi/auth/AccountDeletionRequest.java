package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;

/** Body of {@code DELETE /users/me}: the password, proving it is the owner asking. */
public record AccountDeletionRequest(@Schema(format = "password") @NotEmpty String password) {

	@Override
	public String toString() {
		return "AccountDeletionRequest[]";
	}

}
