package dev.postsapi.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The one place RFC 9457 problem details are made: the exception handler, the error
 * controller, Tomcat's error valve, the body-limit filter and the security chain's 401
 * and 403 all use it, so every error answer has the same fields. Where Spring MVC does
 * not render the answer (filters, the security chain, the valve), it also writes the
 * JSON. Every problem passes through {@link #complete}, which is where the request's id
 * ({@link RequestIdFilter}) is added as {@value RequestIdFilter#MDC_KEY}.
 */
@Component
public class ProblemDetails {

	/**
	 * RFC 9457's "no more specific type than the status". Spring 7 leaves {@code type}
	 * unset and then omits it; the contract promises the field.
	 */
	static final URI BLANK_TYPE = URI.create("about:blank");

	/** What a 5xx says: nothing of the internals. */
	static final String UNEXPECTED_ERROR = "An unexpected error occurred";

	private final JsonMapper jsonMapper;

	ProblemDetails(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** A problem for the status; without a detail, it says what the status says. */
	public static ProblemDetail forStatus(HttpStatusCode status, @Nullable String detail) {
		return complete(ProblemDetail.forStatusAndDetail(status, detail));
	}

	/**
	 * Fills in what the contract promises and Spring may leave out: the type and a
	 * detail; and the request's id, which every path to an error answer has in the MDC
	 * (the exception handler, the error controller, the filters and the security chain
	 * run inside {@link RequestIdFilter}; Tomcat's error valve puts it there itself).
	 */
	static ProblemDetail complete(ProblemDetail problem) {
		if (problem.getType() == null) {
			problem.setType(BLANK_TYPE);
		}
		if (problem.getDetail() == null) {
			HttpStatus status = HttpStatus.resolve(problem.getStatus());
			problem
				.setDetail((status == null || status.is5xxServerError()) ? UNEXPECTED_ERROR : status.getReasonPhrase());
		}
		String requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			// a copy: the map a caller set may be immutable (Map.of)
			Map<String, Object> properties = new LinkedHashMap<>();
			if (problem.getProperties() != null) {
				properties.putAll(problem.getProperties());
			}
			properties.put(RequestIdFilter.MDC_KEY, requestId);
			problem.setProperties(properties);
		}
		return problem;
	}

	/** Answers with a problem outside Spring MVC: in a filter or the security chain. */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail)
			throws IOException {
		ProblemDetail problem = forStatus(status, detail);
		problem.setInstance(instance(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(toJson(problem));
	}

	/**
	 * The request's path as it came (already percent-encoded), or none if it is not a
	 * URI.
	 */
	static @Nullable URI instance(String requestUri) {
		try {
			return new URI(requestUri);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	byte[] toJson(ProblemDetail problem) {
		return this.jsonMapper.writeValueAsBytes(problem);
	}

}
