package dev.postsapi.security;

import dev.postsapi.user.UserService;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified token into the request's authentication, loading its user once: a token
 * whose user no longer exists is refused like any other bad token.
 */
class UserAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final UserService userService;

	UserAuthenticationConverter(UserService userService) {
		this.userService = userService;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		return userService.findProfile(jwt.getSubject())
			.map(user -> new UserAuthentication(user, jwt))
			.orElseThrow(() -> new InvalidBearerTokenException("The token's user no longer exists"));
	}

}
