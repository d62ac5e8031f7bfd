package dev.postsapi.auth;

import dev.postsapi.limits.ClientAddress;
import dev.postsapi.security.UserAgent;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a login or a refresh comes from, kept with its session: the client address (only
 * a parsed one) and user agent.
 */
record LoginClient(@Nullable String address, @Nullable String userAgent) {

	static LoginClient of(HttpServletRequest request) {
		return new LoginClient(ClientAddress.parsed(request.getRemoteAddr()), UserAgent.of(request));
	}

	/**
	 * Whose turn its passwords wait for (PasswordHashing): its address as the limits
	 * count it.
	 */
	String hashingClient() {
		return ClientAddress.group(this.address);
	}

}
