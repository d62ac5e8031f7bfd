package dev.postsapi.security;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A request's session is checked as it arrives, before its body is read; a body sent
 * slowly could hold the request open past a logout, a disabling or a deletion (and a new
 * account of the same user_id) and then act. A body that took long is checked again once
 * read; the others, nearly all, cost a clock read.
 */
@ControllerAdvice
class SlowBodySessionCheck extends RequestBodyAdviceAdapter {

	/** Longer than a body of the API takes on any working connection. */
	static final Duration SLOW = Duration.ofSeconds(1);

	private final LiveSessions sessions;

	/** The tokens' clock (AccessTokens). */
	private final DatabaseTime time;

	SlowBodySessionCheck(LiveSessions sessions, Clock clock, SigningKeys signingKeys) {
		this.sessions = sessions;
		this.time = new DatabaseTime(clock, signingKeys);
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getDetails() instanceof SessionChecked checked
				&& System.nanoTime() - checked.nanoTime() > SLOW.toNanos()
				&& authentication.getPrincipal() instanceof Caller caller && !isLive(caller, checked)) {
			throw new SessionEndedException();
		}
		return body;
	}

	private boolean isLive(Caller caller, SessionChecked checked) {
		return checked.tokenExpiresAt().isAfter(this.time.now())
				&& this.sessions.rolesIfLive(caller.sessionId(), caller.userId()) != null;
	}

	/**
	 * When the request's session was found live ({@link System#nanoTime()}), and when its
	 * token expires.
	 */
	record SessionChecked(long nanoTime, Instant tokenExpiresAt) {

	}

}
