package dev.postsapi.user;

import dev.postsapi.mail.MailAddress;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /users}; unknown fields are ignored. */
public record RegisterUserRequest(
		@Schema(example = "alice", pattern = USER_ID_PATTERN, minLength = 3,
				maxLength = 32) @NotNull @Pattern(regexp = USER_ID_PATTERN, message = USER_ID_RULE) String userId,

		@Schema(example = "alice@example.com", maxLength = 254) @NotNull @MailAddress @Size(max = 254) String email,

		@Schema(example = "strong_password") @Password String password) {

	static final String USER_ID_PATTERN = "^[A-Za-z0-9_.-]{3,32}$";

	/** What {@link #USER_ID_PATTERN} asks, in a 422's words. */
	static final String USER_ID_RULE = "must be 3 to 32 characters of A-Z a-z 0-9 _ . -";

	@Override
	public String toString() {
		// keeps the password out of any log line that prints the request
		return "RegisterUserRequest[userId=" + userId + ", email=" + email + "]";
	}

}
