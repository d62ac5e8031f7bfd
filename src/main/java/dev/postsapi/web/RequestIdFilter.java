package dev.postsapi.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane (1 to 64
 * letters, digits, {@code - _ . :}), so a proxy's or a client's id carries through, or a
 * new one (32 hex digits, the shape of nginx's {@code $request_id} and of a W3C trace
 * id). The id is answered in {@code X-Request-Id}, put in the logging MDC as
 * {@value #MDC_KEY} (so every log line of the request carries it, JSON logs as a field)
 * and in every problem-details body ({@link ProblemDetails}). It runs for the request and
 * again for the error dispatch that renders a container error, with the same id.
 */
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	/** The MDC key, and the name of the problem-details field. */
	static final String MDC_KEY = "request_id";

	static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	static final int MAX_LENGTH = 64;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = requestId(request);
		response.setHeader(HEADER, id);
		String outer = MDC.get(MDC_KEY);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (outer != null) {
				MDC.put(MDC_KEY, outer);
			}
			else {
				MDC.remove(MDC_KEY);
			}
		}
	}

	/** The error dispatch renders the problem: it needs the id too. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/**
	 * The request's id: the one already given to it, or the caller's if sane, or a new
	 * one; remembered on the request. Tomcat's error valve asks too, for requests it
	 * refused before this filter ran.
	 */
	static String requestId(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof String id) {
			return id;
		}
		String given = request.getHeader(HEADER);
		String id = isSane(given) ? given : newId();
		request.setAttribute(ATTRIBUTE, id);
		return id;
	}

	/** Bounded, and nothing that could break a header, a log line or a JSON string. */
	static boolean isSane(@Nullable String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == ':')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * 128 random bits as 32 hex digits. Unique enough to find a request by, and not a
	 * secret: no need for SecureRandom's cost on every request.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}
