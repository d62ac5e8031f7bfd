package dev.postsapi.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;

/**
 * A new password (registration, password change): 8 to 72 bytes of UTF-8. bcrypt reads at
 * most 72 bytes, and a longer password is refused rather than silently cut.
 */
// what the API document says of every such field; lengths in characters are exact
// for ASCII
@Schema(format = "password", minLength = 8, maxLength = 72,
		description = "8 to 72 bytes in UTF-8 (bcrypt's limit; longer is refused, never cut): minLength and maxLength "
				+ "count characters, which is exact for ASCII; other characters take 2 to 4 bytes each")
@Constraint(validatedBy = Password.Utf8Bytes.class)
@NotNull
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface Password {

	String message() default "must be 8 to 72 bytes in UTF-8";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Utf8Bytes implements ConstraintValidator<Password, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			// in NFC, the form it is hashed in (Bcrypt)
			int bytes = (value != null)
					? Normalizer.normalize(value, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8).length : 8;
			return bytes >= 8 && bytes <= 72;
		}

	}

}
