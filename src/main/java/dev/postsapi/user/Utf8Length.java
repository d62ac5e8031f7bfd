package dev.postsapi.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The string's length in UTF-8 bytes lies in [min, max]. Passwords need it: bcrypt reads
 * at most 72 bytes, and a longer password must be refused rather than silently cut.
 */
@Documented
@Constraint(validatedBy = Utf8LengthValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@interface Utf8Length {

	int min() default 0;

	int max() default Integer.MAX_VALUE;

	String message() default "must be {min} to {max} bytes in UTF-8";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
