package dev.postsapi.auth;

import java.util.List;

import dev.postsapi.user.UserService;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Login's view of the accounts: the username is a user_id or an e-mail address. */
class AccountUserDetailsService implements UserDetailsService {

	private final UserService userService;

	AccountUserDetailsService(UserService userService) {
		this.userService = userService;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return userService.findCredentials(username)
			.map(credentials -> User.withUsername(credentials.userId())
				.password(credentials.passwordHash())
				.authorities(List.of())
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

}
