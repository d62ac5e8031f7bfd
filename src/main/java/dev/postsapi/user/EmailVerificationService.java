package dev.postsapi.user;

import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.mail.MailSending;
import dev.postsapi.mail.Mailer;
import dev.postsapi.user.OneTimeTokens.Purpose;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Proving an account's e-mail address: a mailed link (at registration, or asked for
 * again), whose token sets {@code email_verified}.
 */
@Service
class EmailVerificationService {

	static final String MAIL_KIND = "email-verification";

	private final UserRepository users;

	private final UserService userService;

	private final OneTimeTokens tokens;

	private final Mailer mailer;

	private final AttemptLimiter limiter;

	private final ApplicationEventPublisher events;

	private final EmailVerificationProperties properties;

	EmailVerificationService(UserRepository users, UserService userService, OneTimeTokens tokens, Mailer mailer,
			AttemptLimiter limiter, ApplicationEventPublisher events, EmailVerificationProperties properties) {
		this.users = users;
		this.userService = userService;
		this.tokens = tokens;
		this.mailer = mailer;
		this.limiter = limiter;
		this.events = events;
		this.properties = properties;
	}

	/**
	 * Asks for a new verification mail, which goes out after this commits: none for an
	 * address already verified, or a sixth in a day to the account or to the address
	 * (registration's counts). It is decided here, so a caller asking in a loop queues
	 * nothing.
	 */
	@Transactional
	void requestMail(String userId) {
		MailRecipient recipient = this.users.findMailRecipient(userId).orElse(null);
		if (recipient != null && !recipient.emailVerified()
				&& this.limiter.admitOwnerMail(MAIL_KIND, recipient.userId(), recipient.email())) {
			this.events.publishEvent(VerificationMailRequested.of(userId));
		}
	}

	/**
	 * Sends the verification mail, after the request committed, in a transaction of its
	 * own; a failure leaves the event to be retried. No mail if the address was verified
	 * or the account deleted meanwhile.
	 */
	@TransactionalEventListener
	@Async(MailSending.EXECUTOR)
	void sendMail(VerificationMailRequested request) {
		MailRecipient recipient = this.userService.findMailRecipient(request.userId()).orElse(null);
		if (recipient == null || recipient.emailVerified()) {
			return;
		}
		this.tokens.mail(recipient, Purpose.EMAIL_VERIFICATION, this.properties.tokenLifetime(),
				(token) -> this.mailer.sendOnce(request.mailId(), () -> {
					if (!this.tokens.holdForMail(token, recipient)) {
						return false;
					}
					this.mailer.send(recipient.email(), "Confirm your e-mail address", """
							Hello %s,

							please confirm that this is your e-mail address by opening this link:

							%s

							The link works once, for %s. If you did not open an account, ignore this mail.
							""".formatted(recipient.userId(), this.mailer.link("verify-email", token),
							Mailer.lifetime(this.properties.tokenLifetime())));
					return true;
				}));
	}

	/** Uses the token: the account's address is verified. */
	@Transactional
	void verify(String token) {
		String userId = this.tokens.use(token, Purpose.EMAIL_VERIFICATION).orElseThrow(InvalidTokenException::new);
		this.userService.markEmailVerified(userId);
	}

}
