package dev.postsapi.mail;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.SendFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the service's mails over SMTP. A mail is asked for by an event stored with the
 * request's transaction (Spring Modulith's event publication registry); its listener
 * {@linkplain #claim claims} it and sends it in one transaction, and a failed send is
 * retried every {@code AUTH_MAIL_RETRY_INTERVAL} by whichever instance gets it first.
 */
@Service
public class Mailer {

	private static final Logger log = LoggerFactory.getLogger(Mailer.class);

	/** Retried at once, per instance: each holds a connection while it talks to SMTP. */
	private static final ResubmissionOptions RETRIES = ResubmissionOptions.defaults()
		.withMaxInFlight(10)
		.withBatchSize(10);

	/** A permanent refusal of a recipient; the enhanced status's subject (RFC 3463). */
	private static final Pattern ADDRESS_REFUSED = Pattern.compile("55[013](?:[ -]5\\.(\\d{1,3})\\.\\d{1,3})?\\b");

	/**
	 * A refusal of this service (5.7.x, RFC 3463) where it stands in the text (qmail).
	 */
	private static final Pattern REFUSED_BY_POLICY = Pattern.compile("(?<![\\d.])5\\.7\\.\\d{1,3}(?![\\d.])");

	private final ObjectProvider<JavaMailSender> sender;

	private final SentMailRepository sentMails;

	private final OutgoingMailProperties properties;

	private final IncompleteEventPublications incomplete;

	Mailer(ObjectProvider<JavaMailSender> sender, SentMailRepository sentMails, OutgoingMailProperties properties,
			IncompleteEventPublications incomplete) {
		this.sender = sender;
		this.sentMails = sentMails;
		this.properties = properties;
		this.incomplete = incomplete;
		if (sender.getIfAvailable() == null) {
			log.warn("No SMTP server is configured (SPRING_MAIL_HOST): mails wait in the outbox until one is");
		}
	}

	/**
	 * Whether the mail is still to be sent, by this transaction: the first to claim it
	 * sends it, and one handed the same event again finds it sent (or, if the send
	 * failed, claims it in turn). One handed it while another is still sending it (an
	 * SMTP server slower than the registry's patience) fails at once, to be retried
	 * later, rather than hold a mail thread and a connection until the first ends.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean claim(UUID mailId) {
		if (!this.sentMails.holdForSending(mailId)) {
			throw new MailBeingSentException(mailId);
		}
		return this.sentMails.claim(mailId) == 1;
	}

	/**
	 * Claims the mail and runs {@code send}, which sends it (or finds it is not to be
	 * sent, and says so), in one transaction: whether it was sent; false, and nothing
	 * run, when another transaction sent it. The claim commits unless {@code send}
	 * throws: a mail found not to be sent is done too.
	 */
	@Transactional
	public boolean sendOnce(UUID mailId, BooleanSupplier send) {
		return claim(mailId) && send.getAsBoolean();
	}

	/**
	 * A mail another transaction is sending: its event is retried later, and the failure
	 * logged as a mail not sent (one line, no address), not as a bug.
	 */
	static final class MailBeingSentException extends MailException {

		MailBeingSentException(UUID mailId) {
			super("Mail " + mailId + " is being sent by another transaction; it is retried later");
		}

	}

	/**
	 * Sends a plain-text mail now; throws when the SMTP server does not take it, so that
	 * the caller's transaction (its claim) rolls back and the mail is retried. A mail to
	 * an address the server refuses for good, or that JavaMail cannot parse, or a domain
	 * literal, is dropped instead: retried, it would fail forever, and the oldest
	 * failures are retried first.
	 */
	public void send(String to, String subject, String text) {
		if (!MailAddress.Sendable.isSendable(to)) {
			// stored before registration checked it as it does now
			log.warn("Dropped \"{}\": its address is not one mail is sent to", subject);
			return;
		}
		JavaMailSender smtp = this.sender.getIfAvailable();
		if (smtp == null) {
			throw new MailSendException("No SMTP server is configured (SPRING_MAIL_HOST)");
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.from());
		message.setTo(to);
		message.setSubject(subject);
		message.setText(text);
		try {
			smtp.send(message);
		}
		catch (MailSendException ex) {
			String refusal = ex.getFailedMessages()
				.values()
				.stream()
				.map((failure) -> (failure instanceof SendFailedException sending) ? sending.getNextException() : null)
				.map((reply) -> (reply instanceof SendFailedException) ? addressRefusal(reply.getMessage()) : null)
				.filter(Objects::nonNull)
				.findFirst()
				.orElseThrow(() -> ex);
			// the status only: the rest of the reply often names the address
			log.warn("Dropped \"{}\": the SMTP server refuses its address for good ({})", subject, refusal);
			return;
		}
		log.debug("Sent \"{}\"", subject);
	}

	/**
	 * The status of a reply to the recipient that refuses the address itself (550, 551 or
	 * 553; an enhanced status, if given, 5.1.x); null for any other, such as a refusal of
	 * this service (relaying denied, authentication needed: 5.7.x), a setting to fix
	 * while the mails wait.
	 */
	static @Nullable String addressRefusal(@Nullable String reply) {
		String text = String.valueOf(reply);
		Matcher refusal = ADDRESS_REFUSED.matcher(text);
		boolean ofTheAddress = refusal.lookingAt() && ((refusal.group(1) != null) ? refusal.group(1).equals("1")
				: !REFUSED_BY_POLICY.matcher(text).find());
		return ofTheAddress ? refusal.group() : null;
	}

	/**
	 * The front end's page with the token in the fragment, which browsers never send to a
	 * server (nor in a Referer), so no access log holds it.
	 */
	public String link(String page, String token) {
		return UriComponentsBuilder.fromUri(this.properties.linkBaseUrl())
			.path("/" + page)
			.fragment("token=" + token)
			.build()
			.toUriString();
	}

	/** How long a link works, as a mail says it: "30 minutes", "24 hours", "1 hour". */
	public static String lifetime(Duration duration) {
		if (duration.toSecondsPart() != 0 || duration.toMinutes() == 0) {
			return count(duration.toSeconds(), "second");
		}
		return (duration.toMinutesPart() != 0) ? count(duration.toMinutes(), "minute")
				: count(duration.toHours(), "hour");
	}

	private static String count(long number, String unit) {
		return number + " " + unit + ((number == 1) ? "" : "s");
	}

	/** Mails whose sending failed, handed to their listeners again. */
	@Scheduled(fixedDelayString = "${auth.mail.retry-interval:30s}",
			initialDelayString = "${auth.mail.retry-interval:30s}")
	void retryFailed() {
		this.incomplete.resubmitIncompletePublications(RETRIES);
	}

	@Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
	void forgetSentMails() {
		this.sentMails.deleteOlderThan(this.properties.sentRetention().toString());
	}

}
