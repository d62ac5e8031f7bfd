package dev.postsapi.auth;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Service;

@Service
class LoginService {

	private final AuthenticationManager authenticationManager;

	private final TokenService tokenService;

	LoginService(AuthenticationManager authenticationManager, TokenService tokenService) {
		this.authenticationManager = authenticationManager;
		this.tokenService = tokenService;
	}

	/**
	 * Checks the password through Spring Security, whose
	 * {@code DaoAuthenticationProvider} hashes a dummy password for unknown users so both
	 * failures take about as long.
	 * @throws InvalidCredentialsException on a wrong password or an unknown username
	 * alike
	 */
	TokenResponse login(String username, String password) {
		Authentication authenticated;
		try {
			authenticated = this.authenticationManager
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationException ex) {
			throw new InvalidCredentialsException();
		}
		return this.tokenService.issueAccessToken(authenticated.getName());
	}

}
