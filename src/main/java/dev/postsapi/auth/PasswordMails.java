package dev.postsapi.auth;

import dev.postsapi.events.SecurityEventType;
import dev.postsapi.events.SecurityEvents;
import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.mail.MailSending;
import dev.postsapi.mail.Mailer;
import dev.postsapi.user.MailRecipient;
import dev.postsapi.user.OneTimeTokens;
import dev.postsapi.user.OneTimeTokens.Purpose;
import dev.postsapi.user.UserService;
import org.jspecify.annotations.Nullable;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The mails about an account's password, each sent after the transaction that asked for
 * it commits, in a transaction of its own: a failed send leaves its event to be retried.
 */
@Service
class PasswordMails {

	private static final String RESET_MAIL = "password-reset";

	private final UserService users;

	private final OneTimeTokens tokens;

	private final Mailer mailer;

	private final AttemptLimiter limiter;

	private final SecurityEvents securityEvents;

	private final PasswordResetProperties properties;

	PasswordMails(UserService users, OneTimeTokens tokens, Mailer mailer, AttemptLimiter limiter,
			SecurityEvents securityEvents, PasswordResetProperties properties) {
		this.users = users;
		this.tokens = tokens;
		this.mailer = mailer;
		this.limiter = limiter;
		this.securityEvents = securityEvents;
		this.properties = properties;
	}

	/**
	 * The reset link, to the address as registered (never as typed, which may differ in
	 * case or in look-alike characters); none for an unknown address, an account deleted
	 * since or a disabled one, and at most one a minute and five an hour per account.
	 * Only the account's newest reset token works (AccountTokenRepository.USABLE), so
	 * nothing voids the older ones here: their rows stay unlocked while the SMTP server
	 * takes its time, and the account's logout everywhere or password change (which void
	 * them too) never waits for it. Its deletion does (the send holds the account's row).
	 */
	@TransactionalEventListener
	@Async(MailSending.EXECUTOR)
	void sendResetLink(ResetMailRequested request) {
		MailRecipient recipient = this.users.findEnabledMailRecipientByEmail(request.email()).orElse(null);
		if (recipient == null) {
			return;
		}
		this.tokens.mail(recipient, Purpose.PASSWORD_RESET, this.properties.tokenLifetime(),
				(token) -> this.mailer.sendOnce(request.mailId(), () -> {
					if (!this.limiter.admitResetMail(RESET_MAIL, recipient.userId())
							|| !this.tokens.holdForMail(token, recipient)) {
						return false;
					}
					this.securityEvents.recordFrom(recipient.userId(), SecurityEventType.PASSWORD_RESET_REQUESTED,
							request.clientAddress(), request.userAgent());
					this.mailer.send(recipient.email(), "Reset your password", """
							Hello %s,

							someone (we hope you) asked to reset the password of your account. To choose a new
							password, open this link:

							%s

							The link works once, for %s. If you did not ask for it, ignore this mail: your
							password stays as it is.
							""".formatted(recipient.userId(), this.mailer.link("reset-password", token),
							Mailer.lifetime(this.properties.tokenLifetime())));
					return true;
				}));
	}

	/**
	 * "Your password was changed", so that an owner who did not change it learns; none
	 * once the account has another address, or was deleted and its user_id taken again.
	 */
	@ApplicationModuleListener
	@Async(MailSending.EXECUTOR)
	void sendPasswordChanged(PasswordChangedMailRequested request) {
		if (!this.mailer.claim(request.mailId())) {
			return;
		}
		this.users.findMailRecipient(request.userId())
			.filter((recipient) -> recipient.email().equals(request.email()))
			.ifPresent(recipient -> this.mailer.send(recipient.email(), "Your password was changed", """
					Hello %s,

					%s

					If you did not change it, reset it at once with "Forgot password": a reset logs out
					every session. Then check the e-mail address of your account.
					""".formatted(recipient.userId(), whatEnded(request.reset()))));
	}

	private static String whatEnded(@Nullable Boolean reset) {
		if (reset == null) { // stored before the event told the two apart
			return "the password of your account was just changed or reset, and its other sessions were logged out.";
		}
		return reset
				? "the password of your account was just reset with a link we mailed, and every session was "
						+ "logged out."
				: "the password of your account was just changed, and every other session was logged out (the one "
						+ "that changed it stays logged in).";
	}

}
