package dev.postsapi.mail;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Email;

/**
 * An address mail can be sent to: a valid e-mail address with a dot in its domain, in
 * ASCII (no SMTPUTF8 here; an internationalised domain in its {@code xn--} form, as no
 * conversion of ours could choose between the standards' forms of it), that JavaMail also
 * parses (it refuses characters such as {@code _} in a domain, which the e-mail check
 * allows). An address only the check took would fail at every send, and its mails would
 * be retried forever. Neither a domain literal (see {@link Sendable#isSendable}) nor a
 * quoted local part: {@code "alice"@example.com} is alice's mailbox, which the address's
 * uniqueness would not see as taken (the original's check refused both).
 */
// what the API document says of every such field
@Schema(format = "email",
		description = "An e-mail address mail can be sent to, in ASCII (an internationalised domain in its xn-- form)")
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
			return value == null || (isSendable(value) && value.indexOf('"') < 0);
		}

		/**
		 * Whether mail is sent to {@code address}: ASCII only, which JavaMail parses
		 * strictly, one mailbox (not a group, {@code g:a@x.example,b@y.example;}, which
		 * JavaMail sends to each member), and no domain literal nor a bare IP address
		 * ({@code x@[10.0.0.5]}, {@code x@10.0.0.5}: a relay may connect to an address of
		 * the sender's choosing, in any of its spellings: a top-level domain starts with
		 * a letter).
		 */
		public static boolean isSendable(String address) {
			String domain = address.substring(address.lastIndexOf('@') + 1);
			String topLevel = domain.substring(domain.lastIndexOf('.') + 1);
			if (!address.chars().allMatch((c) -> c < 0x80 && c != '[') || topLevel.isEmpty()
					|| !Character.isLetter(topLevel.charAt(0))) {
				return false;
			}
			try {
				InternetAddress parsed = new InternetAddress(address, true);
				return !parsed.isGroup() && parsed.getAddress().equals(address);
			}
			catch (AddressException ex) {
				return false;
			}
		}

	}

}
