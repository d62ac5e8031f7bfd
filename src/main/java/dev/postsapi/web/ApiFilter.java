package dev.postsapi.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter: gives the request its id (the caller's sane {@code X-Request-Id}, or
 * 128 random bits) for the answer, the logs and every problem; refuses a body over the
 * limit (413) or of a wildcard type (415) before anything reads it; and answers a failure
 * that is not a bug, met outside Spring MVC (the session check), as the advice would.
 */
public class ApiFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/** The MDC key, and the problem-details field. */
	static final String REQUEST_ID = "request_id";

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

	private final long maxBodyBytes;

	private final Problems problems;

	ApiFilter(long maxBodyBytes, Problems problems) {
		this.maxBodyBytes = maxBodyBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = requestId(request);
		response.setHeader(HEADER, id);
		MDC.put(REQUEST_ID, id);
		try {
			if (hasWildcardType(request)) {
				this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						"The body's Content-Type must name its format, not a wildcard");
			}
			else if (request.getContentLengthLong() > this.maxBodyBytes) {
				response.setHeader("Connection", "close"); // cheaper than draining
				this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(this.maxBodyBytes));
			}
			else {
				chain.doFilter(request, response); // a chunked JSON body is measured as
													// it is read
			}
		}
		catch (RuntimeException | ServletException ex) {
			ErrorResponseException answer = Problems.classify(ex);
			if (answer == null || response.isCommitted()) {
				throw ex; // a bug: Tomcat logs it, and the valve answers 500
			}
			response.resetBuffer();
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

	private static boolean hasWildcardType(HttpServletRequest request) {
		try {
			return request.getContentType() != null
					&& MediaType.parseMediaType(request.getContentType()).isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false; // Spring MVC answers an unreadable type with 415 itself
		}
	}

	static String tooLarge(long maxBytes) {
		return "The request body is larger than the limit of " + maxBytes + " bytes";
	}

}
