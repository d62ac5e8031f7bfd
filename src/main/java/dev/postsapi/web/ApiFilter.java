package dev.postsapi.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.postsapi.json.RequestProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.CloseNowException;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponseException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * The request's id (the caller's sane X-Request-Id, or 128 random bits) for the answer,
 * logs and problems; bodies refused unread; outages met outside MVC. Before every filter
 * of Spring Security's and this service's, within Boot's {@code http.server.requests}
 * observation (at {@code HIGHEST_PRECEDENCE + 1}), so that the metric counts the answers
 * written here as they went out (a 503, a 413), not as the 500 of an exception it saw
 * pass.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class ApiFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/** Set to the failure when one came after part of the answer went out. */
	static final String CUT_SHORT = ApiFilter.class.getName() + ".CUT_SHORT";

	/** The MDC key, and the problem-details field. */
	static final String REQUEST_ID = "request_id";

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

	/** Both path forms alike, no redirect: the slash goes before anything looks. */
	private final UrlHandlerFilter trailingSlash = UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build();

	private final RequestProperties body;

	private final Problems problems;

	ApiFilter(RequestProperties body, Problems problems) {
		this.body = body;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = requestId(request);
		response.setHeader(HEADER, id);
		MDC.put(REQUEST_ID, id);
		try {
			ErrorResponseException refusal = this.body.refusal(request);
			if (refusal == null) {
				this.trailingSlash.doFilter(request, response, chain);
				if (request.getAttribute(CUT_SHORT) instanceof Exception cutShort) {
					// Tomcat closes the connection at once, the answer unfinished (logged
					// where it was set)
					throw new CloseNowException("The answer was cut short", cutShort);
				}
			}
			else {
				response.setHeader("Connection", "close"); // cheaper than draining a body
				Problems.protect(request, response);
				this.problems.write(request, response, refusal);
			}
		}
		catch (RuntimeException | ServletException ex) {
			ErrorResponseException answer = Problems.classify(ex);
			if (answer == null || response.isCommitted()) {
				throw ex; // a bug: Tomcat logs it, and the valve answers 500
			}
			response.resetBuffer();
			Problems.protect(request, response);
			this.problems.write(request, response, answer);
		}
		finally {
			MDC.remove(REQUEST_ID);
		}
	}

	/** The request's id, made once; the valve asks too, for requests it answers. */
	static String requestId(HttpServletRequest request) {
		if (request.getAttribute(REQUEST_ID) instanceof String id) {
			return id;
		}
		String given = request.getHeader(HEADER);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = (given != null && SANE_ID.matcher(given).matches()) ? given
				: HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
		request.setAttribute(REQUEST_ID, id);
		return id;
	}

}
