package dev.postsapi.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;

/**
 * What a new password must be, wherever one is chosen (registration, password change): 8
 * to 72 bytes of UTF-8. bcrypt reads at most 72 bytes, and a longer password is refused
 * rather than silently cut.
 */
@Documented
@Constraint(validatedBy = {})
@NotNull
@Utf8Length(min = 8, max = 72)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface Password {

	String message() default "is not a valid password";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
