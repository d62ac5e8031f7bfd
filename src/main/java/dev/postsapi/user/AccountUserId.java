package dev.postsapi.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The user_id of an account to act on: one registration would take, or one an account
 * has. The original took any text as a user_id, so an account adopted from its database
 * may have one registration refuses, and admins must still reach it.
 */
@Schema(example = "alice",
		description = "3 to 32 characters of A-Z a-z 0-9 _ . - (an account adopted from the "
				+ "original service may have any other)")
@Constraint(validatedBy = AccountUserId.Validator.class)
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface AccountUserId {

	String message() default RegisterUserRequest.USER_ID_RULE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** The database is asked only for a user_id registration would refuse. */
	class Validator implements ConstraintValidator<AccountUserId, String> {

		private final UserService users;

		Validator(UserService users) {
			this.users = users;
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || value.matches(RegisterUserRequest.USER_ID_PATTERN) || this.users.exists(value);
		}

	}

}
