package dev.postsapi.auth;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.postsapi.events.SecurityEvents;
import dev.postsapi.limits.AttemptLimiter;
import dev.postsapi.limits.AttemptLimiter.LoginAttempt;
import dev.postsapi.security.PasswordHashing;
import dev.postsapi.security.PasswordProperties;
import dev.postsapi.security.Role;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.CredentialLookup;
import dev.postsapi.user.UserService.UserCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Login's password check: unknown users cost a wrong password's bcrypt, and it names the
 * user.
 */
class LoginAuthenticationTests {

	private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

	private final AtomicInteger comparisons = new AtomicInteger();

	/** The hash of each comparison, in order. */
	private final List<String> compared = new CopyOnWriteArrayList<>();

	private final PasswordEncoder counting = new PasswordEncoder() {

		@Override
		public String encode(CharSequence rawPassword) {
			return LoginAuthenticationTests.this.bcrypt.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			LoginAuthenticationTests.this.comparisons.incrementAndGet();
			LoginAuthenticationTests.this.compared.add(encodedPassword);
			return LoginAuthenticationTests.this.bcrypt.matches(rawPassword, encodedPassword);
		}

	};

	private final UserService users = mock(UserService.class);

	private final AttemptLimiter limiter = mock(AttemptLimiter.class);

	private final SessionService sessions = mock(SessionService.class);

	private final LoginService logins = new LoginService(this.users, this.counting,
			new PasswordHashing(new PasswordProperties(4, 8)), this.limiter, this.sessions, mock(SecurityEvents.class),
			new VerifiedEmailProperties(false));

	@Test
	void loginWhenUnknownUserThenOneHashCheckLikeAWrongPassword() {
		given(this.limiter.admitLogin(anyString(), anyString(), any())).willReturn(new LoginAttempt("a", "b", "c"));
		given(this.users.findCredentials("alice"))
			.willReturn(new CredentialLookup("alice", Optional.of(new UserCredentials("alice",
					this.bcrypt.encode("right_password"), 0, List.of(Role.USER), false, false))));
		given(this.users.findCredentials("nobody")).willReturn(new CredentialLookup("nobody", Optional.empty()));

		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> this.logins.login("alice", "wrong", new LoginClient(null, null)));
		int wrongPasswordChecks = this.comparisons.getAndSet(0);
		assertThatExceptionOfType(InvalidCredentialsException.class)
			.isThrownBy(() -> this.logins.login("nobody", "wrong", new LoginClient(null, null)));

		assertThat(wrongPasswordChecks).isOne();
		assertThat(this.comparisons.get()).isEqualTo(wrongPasswordChecks);
		// a real hash at the same cost: an empty or malformed one is refused unhashed, at
		// once, which would tell names without an account from the rest
		String accountHash = this.compared.getFirst(), unknownHash = this.compared.getLast();
		assertThat(unknownHash).hasSameSizeAs(accountHash).startsWith(accountHash.substring(0, 7));
		then(this.limiter).should(org.mockito.Mockito.times(2)).loginFailed(any());
	}

	@Test
	void loginWhenLoggedInByEmailThenOpensASessionOfTheUserId() {
		given(this.limiter.admitLogin(anyString(), anyString(), any())).willReturn(new LoginAttempt("a", "b", "c"));
		UserCredentials alice = new UserCredentials("alice", this.bcrypt.encode("right_password"), 3,
				List.of(Role.USER), false, false);
		given(this.users.findCredentials("Alice@Example.com"))
			.willReturn(new CredentialLookup("alice@example.com", Optional.of(alice)));
		this.logins.login("Alice@Example.com", "right_password", new LoginClient(null, null));
		then(this.sessions).should().open(org.mockito.ArgumentMatchers.eq(alice), any(), any());
		// the per-account limit counts the account, the per-address one the name typed
		then(this.limiter).should()
			.admitLogin(org.mockito.ArgumentMatchers.eq("user:alice"),
					org.mockito.ArgumentMatchers.eq("alice@example.com"), any());
	}

}
