package dev.postsapi.auth;

import java.util.Optional;

import dev.postsapi.security.PrincipalLookup;
import dev.postsapi.user.UserProfile;
import dev.postsapi.user.UserService;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The user an access token names, loaded once per request; a deleted user's tokens stop
 * working.
 */
@Component
class UserPrincipalLookup implements PrincipalLookup {

	private final UserService userService;

	UserPrincipalLookup(UserService userService) {
		this.userService = userService;
	}

	@Override
	public Optional<UserProfile> findPrincipal(Jwt token) {
		return this.userService.findProfile(token.getSubject());
	}

}
