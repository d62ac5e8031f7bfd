package dev.postsapi.security;

import java.io.IOException;

import dev.postsapi.web.ProblemResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The RFC 6750 answer of Spring's bearer-token entry point ({@code WWW-Authenticate: Bearer},
 * with {@code error="invalid_token"} when a token was sent), with a problem-details body.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String DETAIL = "Could not validate credentials";

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final ProblemResponseWriter problems;

	ProblemAuthenticationEntryPoint(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		bearer.commence(request, response, ex);
		problems.write(request, response, HttpStatus.valueOf(response.getStatus()), DETAIL);
	}

}
