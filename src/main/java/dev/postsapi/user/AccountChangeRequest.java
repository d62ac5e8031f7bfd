package dev.postsapi.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.UniqueElements;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PATCH /admin/users/{user_id}}: what changes; at least one field.
 * {@code roles} is the whole new list ({@code user} is every account's, listed or not).
 */
@AccountChangeRequest.AnyChange
@Schema(minProperties = 1)
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

	/** Names both fields when neither is given. */
	@Constraint(validatedBy = AnyChange.Validator.class)
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@interface AnyChange {

		String message() default "disabled or roles is required";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

		class Validator implements ConstraintValidator<AnyChange, AccountChangeRequest> {

			@Override
			public boolean isValid(AccountChangeRequest request, ConstraintValidatorContext context) {
				if (request.disabled() != null || request.roles() != null) {
					return true;
				}
				context.disableDefaultConstraintViolation();
				for (String field : List.of("disabled", "roles")) {
					context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
						.addPropertyNode(field)
						.addConstraintViolation();
				}
				return false;
			}

		}

	}

}
