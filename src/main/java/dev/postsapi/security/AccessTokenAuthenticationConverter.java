package dev.postsapi.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified token into the request's authentication, looking its principal up
 * once: a token whose session has ended (logout, revocation, its lifetime) or whose user
 * is gone is refused like any other bad token; one statement checks both, so the answer
 * does not say which.
 */
class AccessTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final PrincipalLookup principals;

	AccessTokenAuthenticationConverter(PrincipalLookup principals) {
		this.principals = principals;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		return this.principals.findPrincipal(jwt)
			.map(principal -> new AccessTokenAuthentication(principal, jwt))
			.orElseThrow(() -> new InvalidBearerTokenException(
					"The token's session has ended or its user no longer exists"));
	}

}
