package dev.postsapi.mail;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.IDN;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Email;
import org.jspecify.annotations.Nullable;

/**
 * An address mail can be sent to: a valid e-mail address with a dot in its domain, that
 * JavaMail also parses (it refuses characters such as {@code _} in a domain, which the
 * e-mail check allows), with its part before the {@code @} in ASCII (no SMTPUTF8 here);
 * an internationalised domain is sent to in its ASCII form. An address only the check
 * took would fail at every send, and its mails would be retried forever.
 */
// what the API document says of every such field
@Schema(format = "email",
		description = "An e-mail address mail can be sent to: its part before the @ in ASCII; "
				+ "its domain may be internationalised")
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
			return value == null || recipient(value) != null;
		}

		/**
		 * The address as mail is sent to it (its domain in ASCII), or null if JavaMail
		 * cannot send to it.
		 */
		public static @Nullable String recipient(String address) {
			int at = address.lastIndexOf('@');
			if (at < 1 || !StandardCharsets.US_ASCII.newEncoder().canEncode(address.substring(0, at))) {
				return null;
			}
			try {
				String ascii = address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1));
				return new InternetAddress(ascii, true).getAddress().equals(ascii) ? ascii : null;
			}
			catch (IllegalArgumentException | AddressException ex) {
				return null;
			}
		}

	}

}
