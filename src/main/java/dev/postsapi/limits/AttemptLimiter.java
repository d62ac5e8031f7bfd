package dev.postsapi.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.postsapi.limits.LimitCounters.CounterState;
import dev.postsapi.security.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Limits failed logins (per account and address, address, account) and registrations (per
 * address); unknown accounts alike, and a username is kept only as its SHA-256.
 */
@Service
public class AttemptLimiter {

	private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

	private static final Duration ACCOUNT_MAIL_WINDOW = Duration.ofMinutes(1);

	/**
	 * The mails of a kind only the account's owner causes (verification, "password
	 * changed") an account gets a day: an owner asking every minute sends no more, and
	 * accounts registered to send mail send a few each.
	 */
	public static final int OWNER_MAILS_PER_DAY = 5;

	private static final Duration OWNER_MAIL_DAY = Duration.ofDays(1);

	/**
	 * The reset mails an account gets an hour, besides one a minute. Anyone may ask for
	 * them: one a minute alone let anyone send the owner 1,440 a day, each voiding the
	 * link before it. A day's cap would let anyone keep the owner from resetting for the
	 * day; this keeps them waiting at most the rest of an hour after the last link sent
	 * expired.
	 */
	public static final int RESET_MAILS_PER_HOUR = 5;

	private static final Duration RESET_MAIL_HOUR = Duration.ofHours(1);

	/** Counts an account's refused logins, to record the first of a window. */
	private static final String LOGIN_REFUSED = "login-refused:";

	/** The limits, named as their counters' keys begin. */
	enum Limit {

		LOGIN_ACCOUNT_AND_ADDRESS("login-account-address"), LOGIN_ADDRESS("login-address"),
		LOGIN_ACCOUNT("login-account"), LOGIN_KNOWN_ADDRESS("login-known-address"),
		REGISTRATION_ADDRESS("registration-address"), PASSWORD_RESET_ADDRESS("password-reset-address"),
		MAIL_ACCOUNT("mail-account"), MAIL_ACCOUNT_HOUR("mail-account-hour"), MAIL_ACCOUNT_DAY("mail-account-day"),
		MAIL_ADDRESS_DAY("mail-address-day");

		final String prefix;

		Limit(String prefix) {
			this.prefix = prefix;
		}

	}

	/** A limit on one subject; a maximum of 0 switches it off. */
	record Counted(Limit limit, String subject, int max, Duration window) {

		String key() {
			return this.limit.prefix + ":" + this.subject;
		}

	}

	/**
	 * An admitted login attempt: whose, by the name typed (a hash), and from where.
	 */
	public record LoginAttempt(String account, String name, String address) {

		String accountAndAddress() {
			return this.account + "@" + this.address;
		}

		String nameAndAddress() {
			return this.name + "@" + this.address;
		}

	}

	private final LimitCounters counters;

	private final LimitsProperties limits;

	private final Map<Limit, Counter> refusals = new EnumMap<>(Limit.class);

	AttemptLimiter(LimitCounters counters, LimitsProperties limits, MeterRegistry meters) {
		this.counters = counters;
		this.limits = limits;
		for (Limit limit : Limit.values()) {
			this.refusals.put(limit,
					Counter.builder("auth.limits.refused")
						.description("Attempts refused by a brute-force or abuse limit")
						.tag("limit", limit.prefix)
						.register(meters));
		}
	}

	/**
	 * A login attempt on {@code account} (one per account, however it was typed) by the
	 * name {@code typed} (as the lookup normalised it), refused at once past a limit
	 * whatever the password. Check it again right before its password is hashed, and
	 * count it if the password is wrong.
	 */
	public LoginAttempt admitLogin(String account, String typed, @Nullable String clientAddress) {
		LoginAttempt attempt = new LoginAttempt(hashed(account), hashed(nameOf(typed)),
				ClientAddress.group(clientAddress));
		checkLogin(attempt);
		return attempt;
	}

	/**
	 * @throws TooManyAttemptsException when a login limit has been reached
	 */
	public void checkLogin(LoginAttempt attempt) {
		refuseIfReached(loginCounters(attempt), Limit.LOGIN_KNOWN_ADDRESS.prefix + ":" + attempt.accountAndAddress());
	}

	/** A wrong password, or an unknown username: counted against every login limit. */
	public void loginFailed(LoginAttempt attempt) {
		List<Counted> counted = loginCounters(attempt);
		if (!counted.isEmpty()) {
			logNewlyReached(counted, count(counted));
		}
	}

	/**
	 * The name's failures from this address start afresh; the address becomes known.
	 */
	public void loginSucceeded(LoginAttempt attempt) {
		this.counters.resetAndRemember(Limit.LOGIN_ACCOUNT_AND_ADDRESS.prefix + ":" + attempt.nameAndAddress(),
				Limit.LOGIN_KNOWN_ADDRESS.prefix + ":" + attempt.accountAndAddress(),
				this.limits.knownAddressTtl().toString());
	}

	/**
	 * Whether a refused login is the account's first refusal in the per-account window:
	 * true once per window, however many instances refuse at once (one statement counts).
	 * A name no account has ({@code userId} null) counts its client address's refusals in
	 * the same statement: a refusal takes the same time either way, and a flood of
	 * made-up names adds a row per address, not one per name.
	 */
	public boolean firstRefusal(@Nullable String userId, @Nullable String clientAddress) {
		String subject = (userId != null) ? accountOf(userId) : "unknown-name@" + ClientAddress.group(clientAddress);
		return this.counters
			.count(new String[] { LOGIN_REFUSED + hashed(subject) },
					new String[] { this.limits.loginAccountWindow().toString() })
			.getFirst()
			.count() == 1;
	}

	/**
	 * A new password, its current one proven: the name's failures from this address start
	 * afresh, and no address the account logged in from stays exempt.
	 */
	public void passwordChanged(LoginAttempt attempt) {
		this.counters.resetAndForget(Limit.LOGIN_ACCOUNT_AND_ADDRESS.prefix + ":" + attempt.nameAndAddress(),
				Limit.LOGIN_KNOWN_ADDRESS.prefix + ":" + attempt.account() + "@");
	}

	/**
	 * Counts a registration, whatever becomes of it; past the limit it is refused, and so
	 * is one that finds the last place taken by another.
	 */
	public void admitRegistration(@Nullable String clientAddress) {
		admitFromAddress(Limit.REGISTRATION_ADDRESS, clientAddress, this.limits.registrationsPerAddress(),
				this.limits.registrationWindow());
	}

	/**
	 * Counts a password-reset request, whether or not its address is registered (so the
	 * answer tells nothing); past the limit it is refused.
	 */
	public void admitPasswordReset(@Nullable String clientAddress) {
		admitFromAddress(Limit.PASSWORD_RESET_ADDRESS, clientAddress, this.limits.passwordResetsPerAddress(),
				this.limits.passwordResetWindow());
	}

	/**
	 * Whether a mail of this {@code kind} may go to the account: at most one a minute,
	 * the others are to be dropped silently. Counted in the caller's transaction: when it
	 * rolls back, so does the count.
	 */
	private boolean admitAccountMail(String kind, String userId) {
		return countOneMore(Limit.MAIL_ACCOUNT.prefix + ":" + kind + ":" + hashed(accountOf(userId)),
				ACCOUNT_MAIL_WINDOW) == 1;
	}

	/**
	 * As {@link #admitAccountMail}, and at most {@link #RESET_MAILS_PER_HOUR} an hour: a
	 * kind anyone may ask for.
	 */
	public boolean admitResetMail(String kind, String userId) {
		// only the mails let through by the minute count against the hour
		return admitAccountMail(kind, userId)
				&& countAccountMail(Limit.MAIL_ACCOUNT_HOUR, kind, userId, RESET_MAIL_HOUR) <= RESET_MAILS_PER_HOUR;
	}

	/**
	 * Whether a mail of a {@code kind} only the account's owner causes may go to it: at
	 * most {@link #OWNER_MAILS_PER_DAY} a day to the account, and as many to the address
	 * whichever accounts ask (one that registers with someone else's address, deletes
	 * itself and registers again starts no new count; kept when accounts go). No limit a
	 * minute: a resend right after registration, a reset right after a change are the
	 * owner's own steps, each of which the owner expects a mail for. A daily cap on mails
	 * anyone may ask for (a reset) would let anyone spend the owner's.
	 */
	public boolean admitOwnerMail(String kind, String userId, String email) {
		return countAccountMail(Limit.MAIL_ACCOUNT_DAY, kind, userId, OWNER_MAIL_DAY) <= OWNER_MAILS_PER_DAY
				&& countOneMore(Limit.MAIL_ADDRESS_DAY.prefix + ":" + hashed("mail:" + email.toLowerCase(Locale.ROOT))
						+ ":" + kind, OWNER_MAIL_DAY) <= OWNER_MAILS_PER_DAY;
	}

	/** Counts one more mail of this {@code kind} to the account under the limit's key. */
	private int countAccountMail(Limit limit, String kind, String userId, Duration window) {
		return countOneMore(limit.prefix + ":" + hashed(accountOf(userId)) + ":" + kind, window);
	}

	/** Counts one more under {@code key}: how many its window now holds. */
	private int countOneMore(String key, Duration window) {
		return this.counters.count(new String[] { key }, new String[] { window.toString() }).getFirst().count();
	}

	/**
	 * The account's failed logins, by its user_id and by its e-mail address, start afresh
	 * and the addresses it logged in from lose their exemption (a password reset).
	 */
	public void clearAccount(String userId, String email) {
		this.counters.deleteStartingWith(accountPrefixes(userId, email, false));
	}

	/**
	 * Everything the login limits hold on an account being deleted, its known addresses
	 * among them: a later account of the same user_id or address starts afresh, not
	 * exempt where the deleted one was.
	 */
	public void forgetAccount(String userId, String email) {
		this.counters.deleteStartingWith(accountPrefixes(userId, email, true));
	}

	private static String[] accountPrefixes(String userId, String email, boolean withRefusals) {
		String hash = hashed(accountOf(userId));
		List<String> prefixes = new ArrayList<>(List.of(Limit.LOGIN_ACCOUNT.prefix + ":" + hash,
				Limit.LOGIN_ACCOUNT_AND_ADDRESS.prefix + ":" + hashed(nameOf(userId)) + "@",
				Limit.LOGIN_ACCOUNT_AND_ADDRESS.prefix + ":" + hashed(nameOf(email.toLowerCase(Locale.ROOT))) + "@",
				Limit.LOGIN_KNOWN_ADDRESS.prefix + ":" + hash + "@"));
		if (withRefusals) {
			prefixes.add(LOGIN_REFUSED + hash);
			prefixes.add(Limit.MAIL_ACCOUNT_HOUR.prefix + ":" + hash);
			prefixes.add(Limit.MAIL_ACCOUNT_DAY.prefix + ":" + hash);
		}
		return prefixes.toArray(String[]::new);
	}

	/** How the per-account limits name an account, however it was typed. */
	public static String accountOf(String userId) {
		return "user:" + userId;
	}

	/**
	 * How the limits name a login name as the lookup normalised it (an e-mail lowered): a
	 * name no account has is its own account, and the per-address limit counts each name
	 * by itself, so that no answer tells which e-mail an account's user_id has.
	 */
	public static String nameOf(String normalizedName) {
		return "name:" + normalizedName;
	}

	private void admitFromAddress(Limit limit, @Nullable String clientAddress, int max, Duration window) {
		List<Counted> counted = active(new Counted(limit, ClientAddress.group(clientAddress), max, window));
		refuseIfReached(counted, null);
		List<CounterState> states = counted.isEmpty() ? List.of() : count(counted);
		List<CounterState> over = states.stream().filter(state -> state.count() > of(counted, state).max()).toList();
		if (!over.isEmpty()) {
			this.counters.uncount(over.stream().map(CounterState::key).toArray(String[]::new));
			refuse(counted, over);
		}
		logNewlyReached(counted, states);
	}

	@Scheduled(fixedDelayString = "${auth.limits.cleanup-interval:10m}",
			initialDelayString = "${auth.limits.cleanup-interval:10m}")
	void deleteEnded() {
		while (this.counters.deleteEnded(10_000) > 0) {
			// batch by batch, skipping rows another instance is deleting
		}
	}

	private static String hashed(String account) {
		return HexFormat.of().formatHex(Sha256.digest(account));
	}

	private List<Counted> loginCounters(LoginAttempt attempt) {
		return active(
				new Counted(Limit.LOGIN_ACCOUNT_AND_ADDRESS, attempt.nameAndAddress(),
						this.limits.loginFailuresPerAccountAndAddress(), this.limits.loginWindow()),
				new Counted(Limit.LOGIN_ADDRESS, attempt.address(), this.limits.loginFailuresPerAddress(),
						this.limits.loginWindow()),
				new Counted(Limit.LOGIN_ACCOUNT, attempt.account(), this.limits.loginFailuresPerAccount(),
						this.limits.loginAccountWindow()));
	}

	private static List<Counted> active(Counted... counted) {
		return Stream.of(counted).filter(c -> c.max() > 0).toList();
	}

	/**
	 * Refuses when a counter reached its maximum; the per-account limit yields to a live
	 * {@code exemption}, so a flood from elsewhere cannot lock the owner out from home.
	 */
	private void refuseIfReached(List<Counted> counted, @Nullable String exemption) {
		if (counted.isEmpty()) {
			return;
		}
		List<CounterState> reached = this.counters.reached(keys(counted),
				counted.stream().map(Counted::max).toArray(Integer[]::new),
				counted.stream().map(c -> c.limit() == Limit.LOGIN_ACCOUNT).toArray(Boolean[]::new), exemption);
		if (!reached.isEmpty()) {
			refuse(counted, reached);
		}
	}

	private List<CounterState> count(List<Counted> counted) {
		return this.counters.count(keys(counted),
				counted.stream().map(c -> c.window().toString()).toArray(String[]::new));
	}

	private void refuse(List<Counted> counted, List<CounterState> reached) {
		reached.forEach(state -> this.refusals.get(of(counted, state).limit()).increment());
		throw new TooManyAttemptsException(reached.stream().mapToInt(CounterState::secondsLeft).max().orElse(1));
	}

	/** One log line per limit as it is reached; of an account, 8 digits of its hash. */
	private static void logNewlyReached(List<Counted> counted, List<CounterState> states) {
		for (CounterState state : states) {
			Counted reached = of(counted, state);
			String subject = reached.subject();
			if (state.count() == reached.max()) {
				log.info("Limit {} reached for {}: refusing further attempts for {} s", reached.limit().prefix,
						(subject.length() < 64) ? subject : subject.substring(0, 8) + subject.substring(64),
						state.secondsLeft());
			}
		}
	}

	private static Counted of(List<Counted> counted, CounterState state) {
		return counted.stream().filter(c -> c.key().equals(state.key())).findFirst().orElseThrow();
	}

	private static String[] keys(List<Counted> counted) {
		return counted.stream().map(Counted::key).toArray(String[]::new);
	}

}
