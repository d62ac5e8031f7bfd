package dev.postsapi.auth;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.postsapi.user.UserService;
import dev.postsapi.user.UserService.UserCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Login's password check: no shortcut that would time-leak unknown users, and the user it
 * names.
 */
class LoginAuthenticationTests {

	private final PasswordEncoder encoder = new BCryptPasswordEncoder(4);

	private final UserService users = mock(UserService.class);

	@Test
	void authenticateWhenUnknownUserThenOneHashCheckLikeAWrongPassword() {
		CountingEncoder counting = new CountingEncoder(encoder);
		given(users.findCredentials("alice"))
			.willReturn(Optional.of(new UserCredentials("alice", encoder.encode("right_password"))));
		given(users.findCredentials("nobody")).willReturn(Optional.empty());
		AuthenticationManager manager = new AuthConfiguration()
			.authenticationManager(new AccountUserDetailsService(this.users), counting);

		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "wrong")));
		int wrongPasswordChecks = counting.matches.getAndSet(0);
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("nobody", "wrong")));
		int unknownUserChecks = counting.matches.get();

		assertThat(wrongPasswordChecks).isOne();
		assertThat(unknownUserChecks).isEqualTo(wrongPasswordChecks);
	}

	@Test
	void authenticateWhenLoggedInByEmailThenNamesTheUserId() {
		given(users.findCredentials("alice@example.com"))
			.willReturn(Optional.of(new UserCredentials("alice", encoder.encode("right_password"))));
		AuthenticationManager manager = new AuthConfiguration()
			.authenticationManager(new AccountUserDetailsService(this.users), this.encoder);
		assertThat(manager
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice@example.com", "right_password"))
			.getName()).isEqualTo("alice");
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
