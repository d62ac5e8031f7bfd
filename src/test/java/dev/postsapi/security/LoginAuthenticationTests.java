package dev.postsapi.security;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.postsapi.config.PasswordProperties;
import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.UserCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Login's password check: legacy hashes, and no shortcut that would time-leak unknown users. */
class LoginAuthenticationTests {

	/** passlib's bcrypt hash of "strong_password" at cost 12, from the original service's database. */
	private static final String PASSLIB_HASH = "$2b$12$8FgLDHXDz.pcCWgo5T0m2e.dB1y/vKutuqQh5MT0D4e88etmX5O3m";

	private final PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder(new PasswordProperties(4));

	private final UserService users = mock(UserService.class);

	@Test
	void originalServicesUnprefixedBcryptHashVerifies() {
		assertThat(encoder.matches("strong_password", PASSLIB_HASH)).isTrue();
		assertThat(encoder.matches("wrong_password", PASSLIB_HASH)).isFalse();
	}

	@Test
	void newHashesArePrefixedBcryptAtTheConfiguredCost() {
		String hash = new PasswordConfiguration().passwordEncoder(new PasswordProperties(12)).encode("strong_password");
		assertThat(hash).startsWith("{bcrypt}$2b$12$");
		assertThat(encoder.matches("strong_password", hash)).isTrue();
	}

	@Test
	void unknownUserCostsOneHashCheckLikeAWrongPassword() {
		CountingEncoder counting = new CountingEncoder(encoder);
		given(users.findCredentials("alice")).willReturn(Optional.of(new UserCredentials("alice", encoder.encode("right_password"))));
		given(users.findCredentials("nobody")).willReturn(Optional.empty());
		AuthenticationManager manager = new SecurityConfiguration()
			.authenticationManager(new AccountUserDetailsService(users), counting);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "wrong")));
		int wrongPasswordChecks = counting.matches.getAndSet(0);
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("nobody", "wrong")));
		int unknownUserChecks = counting.matches.get();

		assertThat(wrongPasswordChecks).isOne();
		assertThat(unknownUserChecks).isEqualTo(wrongPasswordChecks);
	}

	@Test
	void successfulLoginNamesTheUserIdEvenWhenLoggedInByEmail() {
		given(users.findCredentials("alice@example.com"))
			.willReturn(Optional.of(new UserCredentials("alice", encoder.encode("right_password"))));
		AuthenticationManager manager = new SecurityConfiguration()
			.authenticationManager(new AccountUserDetailsService(users), encoder);
		assertThat(manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice@example.com",
				"right_password")).getName()).isEqualTo("alice");
	}

	private static final class CountingEncoder implements PasswordEncoder {

		private final PasswordEncoder delegate;

		private final AtomicInteger matches = new AtomicInteger();

		CountingEncoder(PasswordEncoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public String encode(CharSequence rawPassword) {
			return delegate.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			matches.incrementAndGet();
			return delegate.matches(rawPassword, encodedPassword);
		}

	}

}
