package dev.postsapi.mail;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Email;

/**
 * An address mail can be sent to: a valid e-mail address with a dot in its domain, that
 * JavaMail also parses (it refuses characters such as {@code _} in a domain, which the
 * e-mail check allows). An address only the check took would fail at every send, and its
 * mails would be retried forever.
 */
@Constraint(validatedBy = MailAddress.Sendable.class)
@Email(regexp = ".+@.+\\..+")
@ReportAsSingleViolation
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface MailAddress {

	String message() default "must be a valid e-mail address";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Sendable implements ConstraintValidator<MailAddress, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || isSendable(value);
		}

		/** Whether JavaMail takes {@code address} as a recipient. */
		static boolean isSendable(String address) {
			try {
				return new InternetAddress(address, true).getAddress().equals(address);
			}
			catch (AddressException ex) {
				return false;
			}
		}

	}

}
