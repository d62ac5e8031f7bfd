package dev.postsapi.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The caller's session ended while the request was under way: the 401 its token gets from
 * then on.
 */
public class SessionEndedException extends ErrorResponseException {

	public SessionEndedException() {
		super(HttpStatus.UNAUTHORIZED);
		setDetail(SecurityConfiguration.UNAUTHORIZED_DETAIL);
		// the words of the filter's refusal of any bad token
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
				+ AccessTokens.INVALID + "\", " + SecurityConfiguration.ERROR_URI);
	}

}
