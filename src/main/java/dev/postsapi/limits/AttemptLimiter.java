package dev.postsapi.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.postsapi.limits.LimitRepository.CounterState;
import dev.postsapi.limits.LimitRepository.LimitedKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Admits or refuses attempts that brute force or abuse would repeat: failed logins (per
 * account and client address, per address, per account) and registrations (per address).
 * A login is checked before its password is hashed, so a refused attempt costs one small
 * statement, and checked again on the hashing thread, so a burst cannot go past a limit
 * by more than the few passwords being hashed at that moment; it counts when the password
 * is wrong. Usernames are counted as login resolves them (an e-mail ignoring case, a
 * user_id as is), known or not, so the limits answer alike for accounts that do not
 * exist.
 */
@Service
public class AttemptLimiter {

	private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);

	static final String LOGIN_ACCOUNT_AND_ADDRESS = "login-account-address";

	static final String LOGIN_ADDRESS = "login-address";

	static final String LOGIN_ACCOUNT = "login-account";

	static final String LOGIN_KNOWN_ADDRESS = "login-known-address";

	static final String REGISTRATION_ADDRESS = "registration-address";

	private static final int CLEANUP_BATCH = 10_000;

	private final LimitRepository counters;

	private final LimitsProperties limits;

	private final MeterRegistry meters;

	AttemptLimiter(LimitRepository counters, LimitsProperties limits, MeterRegistry meters) {
		this.counters = counters;
		this.limits = limits;
		this.meters = meters;
	}

	/**
	 * A login attempt for {@code username} from {@code clientAddress}, refused at once if
	 * either is past a limit, whatever the password. Check it again on the hashing thread
	 * ({@link #checkLogin}), right before its password is hashed, and count it when the
	 * password is wrong.
	 * @throws TooManyAttemptsException past a limit
	 */
	public LoginAttempt admitLogin(String username, @Nullable String clientAddress) {
		String account = Hashes.sha256Hex(normalize(username));
		String address = ClientAddress.group(clientAddress);
		LoginAttempt attempt = new LoginAttempt(key(LOGIN_ACCOUNT_AND_ADDRESS, account + "@" + address),
				key(LOGIN_ADDRESS, address), key(LOGIN_ACCOUNT, account),
				key(LOGIN_KNOWN_ADDRESS, account + "@" + address));
		checkLogin(attempt);
		return attempt;
	}

	/**
	 * Refuses the attempt if a limit has been reached meanwhile. Run on the hashing
	 * thread just before the password is hashed, it keeps a burst of attempts that all
	 * passed {@link #admitLogin} together from being checked past the limit: at most as
	 * many more as there are hashing threads.
	 * @throws TooManyAttemptsException past a limit
	 */
	public void checkLogin(LoginAttempt attempt) {
		refuseIfReached(loginKeys(attempt), attempt.knownAddressKey());
	}

	/** A wrong password (or an unknown username): counted against every login limit. */
	public void loginFailed(LoginAttempt attempt) {
		List<LimitedKey> keys = loginKeys(attempt);
		if (!keys.isEmpty()) {
			logNewlyReached(keys, this.counters.count(keys));
		}
	}

	/**
	 * A login that succeeded: the account's failures from this address start afresh, and
	 * the address becomes known to the account, exempting it from the per-account limit.
	 */
	public void loginSucceeded(LoginAttempt attempt) {
		this.counters.resetAndRemember(attempt.accountAndAddressKey(), attempt.knownAddressKey(),
				this.limits.knownAddressTtl());
	}

	/**
	 * Counts a registration from {@code clientAddress}, whatever becomes of it; past the
	 * limit it is refused, and so is an attempt that finds the last place taken by
	 * another.
	 * @throws TooManyAttemptsException past the limit
	 */
	public void admitRegistration(@Nullable String clientAddress) {
		List<LimitedKey> keys = new ArrayList<>();
		add(keys, key(REGISTRATION_ADDRESS, ClientAddress.group(clientAddress)), this.limits.registrationsPerAddress(),
				this.limits.registrationWindow(), false);
		if (keys.isEmpty()) {
			return;
		}
		refuseIfReached(keys, null);
		List<CounterState> counted = this.counters.count(keys);
		List<CounterState> over = counted.stream().filter(state -> state.count() > max(keys, state)).toList();
		if (!over.isEmpty()) {
			this.counters.uncount(over.stream().map(CounterState::key).toList());
			refuse(over);
		}
		logNewlyReached(keys, counted);
	}

	/** Deletes the counters whose window ended, a batch at a time; returns how many. */
	int deleteEnded() {
		int deleted = 0;
		int batch;
		do {
			batch = this.counters.deleteEnded(CLEANUP_BATCH);
			deleted += batch;
		}
		while (batch == CLEANUP_BATCH);
		return deleted;
	}

	private List<LimitedKey> loginKeys(LoginAttempt attempt) {
		List<LimitedKey> keys = new ArrayList<>();
		add(keys, attempt.accountAndAddressKey(), this.limits.loginFailuresPerAccountAndAddress(),
				this.limits.loginWindow(), false);
		add(keys, attempt.addressKey(), this.limits.loginFailuresPerAddress(), this.limits.loginWindow(), false);
		// the account's known addresses are exempt: a flood from elsewhere cannot lock
		// its
		// owner out from where they usually log in
		add(keys, attempt.accountKey(), this.limits.loginFailuresPerAccount(), this.limits.loginAccountWindow(), true);
		return keys;
	}

	/** Refuses when a key has reached its limit; no statement when every limit is off. */
	private void refuseIfReached(List<LimitedKey> keys, @Nullable String exemption) {
		if (keys.isEmpty()) {
			return;
		}
		List<CounterState> reached = this.counters.reached(keys, exemption);
		if (!reached.isEmpty()) {
			refuse(reached);
		}
	}

	private void refuse(List<CounterState> reached) {
		reached.forEach(state -> Counter.builder("auth.limits.refused")
			.description("Attempts refused by a brute-force or abuse limit")
			.tag("limit", kind(state.key()))
			.register(this.meters)
			.increment());
		throw new TooManyAttemptsException(reached.stream().mapToInt(CounterState::secondsLeft).max().orElse(1));
	}

	/** One log line per limit the moment it is reached: its count equals the limit. */
	private static void logNewlyReached(List<LimitedKey> keys, List<CounterState> counted) {
		counted.stream()
			.filter(state -> state.count() == max(keys, state))
			.forEach(state -> log.info("Limit {} reached for {}: refusing further attempts for {} s", kind(state.key()),
					subject(state.key()), state.secondsLeft()));
	}

	private static int max(List<LimitedKey> keys, CounterState state) {
		return keys.stream()
			.filter(key -> key.key().equals(state.key()))
			.mapToInt(LimitedKey::max)
			.findFirst()
			.orElse(Integer.MAX_VALUE);
	}

	private static void add(List<LimitedKey> counted, String key, int max, Duration window, boolean exemptible) {
		if (max > 0) {
			counted.add(new LimitedKey(key, max, window, exemptible));
		}
	}

	/** As login resolves a username: an e-mail ignoring case, a user_id exactly. */
	static String normalize(String username) {
		return username.contains("@") ? username.toLowerCase(Locale.ROOT) : username;
	}

	private static String key(String kind, String subject) {
		return kind + ":" + subject;
	}

	private static String kind(String key) {
		return key.substring(0, key.indexOf(':'));
	}

	/** For the log: the address, and at most a short prefix of the account's hash. */
	private static String subject(String key) {
		String subject = key.substring(key.indexOf(':') + 1);
		int at = subject.indexOf('@');
		if (kind(key).equals(LOGIN_ADDRESS) || kind(key).equals(REGISTRATION_ADDRESS)) {
			return "address " + subject;
		}
		return (at < 0) ? "account " + subject.substring(0, 8)
				: "account " + subject.substring(0, 8) + " from address " + subject.substring(at + 1);
	}

	/** A login attempt that was admitted: the keys it counts under. */
	public record LoginAttempt(String accountAndAddressKey, String addressKey, String accountKey,
			String knownAddressKey) {

	}

}
