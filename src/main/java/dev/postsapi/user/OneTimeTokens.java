package dev.postsapi.user;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.postsapi.security.Sha256;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The tokens that mails carry (password reset, e-mail verification): 256 random bits in
 * base64url, stored only as their SHA-256, each good once until it expires.
 */
@Service
public class OneTimeTokens {

	private static final BytesKeyGenerator RANDOM = KeyGenerators.secureRandom(32);

	/** What {@link #mail} makes: 32 bytes are 43 characters of base64url. */
	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final AccountTokenRepository tokens;

	private final TransactionTemplate transaction;

	OneTimeTokens(AccountTokenRepository tokens, PlatformTransactionManager transactions) {
		this.tokens = tokens;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** What a token is for; a token of one purpose is no good for the other. */
	public enum Purpose {

		PASSWORD_RESET("password_reset"), EMAIL_VERIFICATION("email_verification");

		private final String column;

		Purpose(String column) {
			this.column = column;
		}

	}

	/**
	 * Makes a new token for the account and hands it to {@code send}, which mails it in a
	 * transaction of its own (claiming the mail, counting it, {@linkplain #holdForMail
	 * holding} the token) and says whether it did; false, and nothing handed, when the
	 * account no longer has the recipient's address (deleted since it was read, and its
	 * user_id perhaps registered again by someone else, whose account a link to the old
	 * address must not open), or for a reset of a disabled account. The token commits
	 * first: the send's transaction commits only once the SMTP server took the mail, and
	 * a link used the moment it arrives would find no token yet. One transaction after
	 * the other, never one inside the other (a mail thread would hold a connection while
	 * it waits for a second). A token not mailed is taken back, so that retries leave
	 * none behind; a reset token mailed supersedes the account's older ones only then.
	 */
	public boolean mail(MailRecipient recipient, Purpose purpose, Duration lifetime, Predicate<String> send) {
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A mail's token commits before the mail is sent: make it outside a transaction");
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(RANDOM.generateKey());
		byte[] hash = Sha256.digest(token);
		Integer inserted = this.transaction.execute((status) -> this.tokens.insert(hash, recipient.userId(),
				recipient.email(), purpose.column, lifetime.toString()));
		if (!Integer.valueOf(1).equals(inserted)) {
			return false;
		}
		boolean sent;
		try {
			sent = send.test(token);
		}
		catch (RuntimeException ex) {
			try {
				withdraw(hash);
			}
			catch (RuntimeException withdrawal) {
				ex.addSuppressed(withdrawal);
			}
			throw ex;
		}
		if (!sent) {
			withdraw(hash);
			return false;
		}
		if (purpose == Purpose.PASSWORD_RESET) {
			// mailed: only now does it void the account's older reset links
			this.transaction.executeWithoutResult((status) -> this.tokens.supersede(hash));
		}
		return true;
	}

	/**
	 * Whether the token still exists and its account still has the recipient's address
	 * (none was deleted, voided or changed since it was made); if so, the account's
	 * deletion waits for the caller's transaction, which sends the mail.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean holdForMail(String token, MailRecipient recipient) {
		return this.tokens.holdForMail(Sha256.digest(token), recipient.email()) == 1;
	}

	private void withdraw(byte[] hash) {
		this.transaction.executeWithoutResult((status) -> this.tokens.withdraw(hash));
	}

	/** The account's unused tokens of this purpose stop working. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void voidUnused(String userId, Purpose purpose) {
		this.tokens.deleteUnused(userId, purpose.column);
	}

	/**
	 * Every token of the account goes, before the account does or is disabled: its rows
	 * are then locked before the account's, in the order a password change takes them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void voidAll(String userId) {
		this.tokens.deleteAll(userId);
	}

	/** The account of a token that is still usable, without using it. */
	@Transactional(readOnly = true)
	public Optional<String> findUsable(String token, Purpose purpose) {
		return wellFormed(token) ? this.tokens.findUsable(Sha256.digest(token), purpose.column) : Optional.empty();
	}

	/**
	 * Uses the token, once: the account it was for, or empty for any token not usable.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<String> use(String token, Purpose purpose) {
		return wellFormed(token) ? this.tokens.use(Sha256.digest(token), purpose.column) : Optional.empty();
	}

	/** Deletes expired tokens; instances skip each other's rows. */
	@Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
	void deleteExpired() {
		while (this.tokens.deleteExpired(10_000) > 0) {
			// batch by batch
		}
	}

	private static boolean wellFormed(String token) {
		return WELL_FORMED.matcher(token).matches();
	}

}
