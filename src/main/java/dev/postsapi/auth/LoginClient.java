package dev.postsapi.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Where a login comes from, kept with its session for the user's own records: the client
 * address (as the server sees it, after any trusted proxy) and the user agent, cut to
 * fit.
 */
record LoginClient(@Nullable String address, @Nullable String userAgent) {

	private static final int MAX_USER_AGENT = 512;

	static LoginClient of(HttpServletRequest request) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT);
		}
		return new LoginClient(request.getRemoteAddr(), userAgent);
	}

}
