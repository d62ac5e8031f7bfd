package dev.postsapi.auth;

import dev.postsapi.limits.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Where a login or a refresh comes from, kept with its session: the client address (only
 * a parsed one) and user agent.
 */
record LoginClient(@Nullable String address, @Nullable String userAgent) {

	private static final int MAX_USER_AGENT = 512;

	static LoginClient of(HttpServletRequest request) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT);
		}
		return new LoginClient(ClientAddress.parsed(request.getRemoteAddr()), userAgent);
	}

	/**
	 * Whose turn its passwords wait for (PasswordHashing): its address as the limits
	 * count it.
	 */
	String hashingClient() {
		return ClientAddress.group(this.address);
	}

}
