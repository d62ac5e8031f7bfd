package dev.postsapi.auth;

import dev.postsapi.user.Password;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;

/** Body of {@code PUT /users/me/password}. */
public record PasswordChangeRequest(@Schema(format = "password") @NotEmpty String currentPassword,
		@Password String newPassword) {

	@Override
	public String toString() {
		return "PasswordChangeRequest[]";
	}

}
