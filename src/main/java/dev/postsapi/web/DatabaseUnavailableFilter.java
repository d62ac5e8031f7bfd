package dev.postsapi.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database outage met outside Spring MVC (checking a token's session in the security
 * chain) is a 503 too, not the container's 500; inside MVC the exception handler answers
 * it.
 */
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private final ProblemDetails problems;

	DatabaseUnavailableFilter(ProblemDetails problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!DatabaseUnavailable.isCause(ex) || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
			this.problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL);
		}
	}

}
