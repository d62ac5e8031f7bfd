package dev.postsapi.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An authenticated bearer-token request: the principal its token names, and the token.
 */
final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final Object principal;

	private final Jwt token;

	AccessTokenAuthentication(Object principal, Jwt token) {
		super(List.of());
		this.principal = principal;
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	@Override
	public Jwt getCredentials() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.token.getSubject();
	}

}
