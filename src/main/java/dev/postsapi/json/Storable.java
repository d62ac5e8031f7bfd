package dev.postsapi.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Text the database can keep: no NUL, no unpaired surrogate (the only code points of
 * class Cs). Every JSON string is checked as read; a query or form parameter says so.
 */
@Constraint(validatedBy = Storable.Validator.class)
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Storable {

	String PROBLEM = "must not contain NUL characters or unpaired surrogates";

	String message() default PROBLEM;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<Storable, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			return isStorable(value);
		}

		static boolean isStorable(@Nullable String text) {
			if (text == null) {
				return true;
			}
			// a loop, not a stream of code points: every JSON string passes here
			// (BENCHMARKS.md, "Round seven")
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == 0 || Character.isLowSurrogate(c)) {
					return false;
				}
				if (Character.isHighSurrogate(c)) {
					if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
						return false;
					}
					i++; // the pair's low half
				}
			}
			return true;
		}

	}

	/** Every JSON string the application reads. */
	class Deserializer extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String text = super.deserialize(parser, context);
			if (!Validator.isStorable(text)) {
				throw new InvalidFormatException(parser, PROBLEM, text, String.class);
			}
			return text;
		}

	}

}
