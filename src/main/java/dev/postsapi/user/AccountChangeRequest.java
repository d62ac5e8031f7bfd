package dev.postsapi.user;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.UniqueElements;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PATCH /admin/users/{user_id}}: what changes, each field optional
 * ({@code {}} changes nothing). {@code roles} is the whole new list ({@code user} is
 * every account's, listed or not).
 */
record AccountChangeRequest(
		@Schema(description = "true disables the account and ends its sessions",
				example = "false") @Nullable Boolean disabled,

		@ArraySchema(schema = @Schema(allowableValues = {
				"user", "moderator", "admin" }),
				arraySchema = @Schema(
						description = "The account's roles from now on, each at most once; user is implied",
						example = "[\"user\", \"moderator\"]")) @UniqueElements(
								message = "must not list a role twice") @Nullable List<@NotNull(
										message = "must not list null") @Pattern(regexp = "user|moderator|admin",
												message = "must be user, moderator or admin") String> roles){

}
