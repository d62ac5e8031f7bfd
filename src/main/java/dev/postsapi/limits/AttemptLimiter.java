package dev.postsapi.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.postsapi.limits.LimitRepository.LimitedKey;
import dev.postsapi.limits.LimitRepository.CounterState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Admits or refuses attempts that brute force or abuse would repeat: logins (per account
 * and client address, per address, per account) and registrations (per address). An
 * attempt is counted when admitted, before any password is hashed, so a refused attempt
 * costs one small statement and no attempt goes past a limit, however many arrive at
 * once; a login that succeeds is then taken back. Usernames are counted as login resolves
 * them (an e-mail ignoring case, a user_id as is), known or not, so the limits answer
 * alike for accounts that do not exist.
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
	 * Counts a login attempt for {@code username} from {@code clientAddress}.
	 * @return the attempt, to settle when it succeeds
	 * @throws TooManyAttemptsException past a limit, whatever the password
	 */
	public LoginAttempt admitLogin(String username, @Nullable String clientAddress) {
		String account = Hashes.sha256Hex(normalize(username));
		String address = ClientAddress.group(clientAddress);
		LoginAttempt attempt = new LoginAttempt(key(LOGIN_ACCOUNT_AND_ADDRESS, account + "@" + address),
				key(LOGIN_ADDRESS, address), key(LOGIN_ACCOUNT, account),
				key(LOGIN_KNOWN_ADDRESS, account + "@" + address));
		List<LimitedKey> counted = new ArrayList<>();
		add(counted, attempt.accountAndAddressKey(), this.limits.loginFailuresPerAccountAndAddress(),
				this.limits.loginWindow(), false);
		add(counted, attempt.addressKey(), this.limits.loginFailuresPerAddress(), this.limits.loginWindow(), false);
		// the account's own known addresses are exempt: a flood from elsewhere cannot
		// lock
		// its owner out from where they usually log in
		add(counted, attempt.accountKey(), this.limits.loginFailuresPerAccount(), this.limits.loginAccountWindow(),
				true);
		admit(counted, attempt.knownAddressKey());
		return attempt;
	}

	/**
	 * A login that succeeded: the account's failures from this address start afresh, the
	 * attempt no longer counts against the others, and the address becomes known to the
	 * account.
	 */
	public void loginSucceeded(LoginAttempt attempt) {
		List<String> uncount = new ArrayList<>();
		if (this.limits.loginFailuresPerAddress() > 0) {
			uncount.add(attempt.addressKey());
		}
		if (this.limits.loginFailuresPerAccount() > 0) {
			uncount.add(attempt.accountKey());
		}
		this.counters.settle(attempt.accountAndAddressKey(), uncount, attempt.knownAddressKey(),
				this.limits.knownAddressTtl());
	}

	/**
	 * Counts a registration from {@code clientAddress}, whatever becomes of it.
	 * @throws TooManyAttemptsException past the limit
	 */
	public void admitRegistration(@Nullable String clientAddress) {
		List<LimitedKey> counted = new ArrayList<>();
		add(counted, key(REGISTRATION_ADDRESS, ClientAddress.group(clientAddress)),
				this.limits.registrationsPerAddress(), this.limits.registrationWindow(), false);
		admit(counted, null);
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

	private void admit(List<LimitedKey> counted, @Nullable String exemption) {
		if (counted.isEmpty()) {
			return;
		}
		Map<String, LimitedKey> byKey = counted.stream()
			.collect(Collectors.toMap(LimitedKey::key, Function.identity()));
		List<CounterState> states = this.counters.countAttempt(counted, exemption);
		List<CounterState> refusing = states.stream().filter(CounterState::refused).toList();
		if (refusing.isEmpty()) {
			// counted, but past a limit: another attempt got the last place first
			refusing = states.stream()
				.filter(state -> state.count() > byKey.get(state.key()).max()
						&& !(byKey.get(state.key()).exemptible() && state.exempt()))
				.toList();
			if (!refusing.isEmpty()) {
				this.counters.uncount(states.stream().map(CounterState::key).toList());
			}
		}
		if (!refusing.isEmpty()) {
			refusing.forEach(state -> Counter.builder("auth.limits.refused")
				.description("Attempts refused by a brute-force or abuse limit")
				.tag("limit", kind(state.key()))
				.register(this.meters)
				.increment());
			throw new TooManyAttemptsException(refusing.stream().mapToInt(CounterState::secondsLeft).max().orElse(1));
		}
		states.stream()
			.filter(state -> state.count() == byKey.get(state.key()).max())
			.forEach(state -> log.info("Limit {} reached for {}: refusing further attempts for {} s", kind(state.key()),
					subject(state.key()), state.secondsLeft()));
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

	/** A login attempt that was admitted: the keys it was counted under. */
	public record LoginAttempt(String accountAndAddressKey, String addressKey, String accountKey,
			String knownAddressKey) {

	}

}
