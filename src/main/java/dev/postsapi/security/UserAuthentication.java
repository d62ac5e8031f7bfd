package dev.postsapi.security;

import java.util.List;

import dev.postsapi.user.UserProfile;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** An authenticated bearer-token request: the caller's profile and the token it sent. */
final class UserAuthentication extends AbstractAuthenticationToken {

	private final UserProfile user;

	private final Jwt token;

	UserAuthentication(UserProfile user, Jwt token) {
		super(List.of());
		this.user = user;
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public UserProfile getPrincipal() {
		return user;
	}

	@Override
	public Jwt getCredentials() {
		return token;
	}

	@Override
	public String getName() {
		return user.userId();
	}

}
