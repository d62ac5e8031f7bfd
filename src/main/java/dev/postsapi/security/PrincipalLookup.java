package dev.postsapi.security;

import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who a verified access token speaks for, asked on every authenticated request. Security
 * checks the token; the feature that issued it says whether its user (and session) still
 * stand.
 */
@FunctionalInterface
public interface PrincipalLookup {

	/**
	 * The principal that controllers receive as {@code @AuthenticationPrincipal}, or
	 * empty when the token must be refused although its signature holds.
	 */
	Optional<?> findPrincipal(Jwt token);

}
