package dev.postsapi.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.MDC;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat answers some bad requests itself, before any servlet runs (a URL with broken
 * percent-encoding, say); this valve, in place of Tomcat's and Boot's HTML one, makes
 * those answers problem details too, with a request id ({@link RequestIdFilter}): the one
 * the filter gave, or a new one if the request never reached it.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final ProblemDetails problems;

	ProblemErrorReportValve(ProblemDetails problems) {
		this.problems = problems;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String requestId = RequestIdFilter.requestId(request);
		response.setHeader(RequestIdFilter.HEADER, requestId);
		byte[] body;
		// the filter's MDC entry is gone by now (the valve runs after the servlet
		// pipeline)
		MDC.put(RequestIdFilter.MDC_KEY, requestId);
		try {
			body = this.problems.toJson(ProblemDetails.forStatus(HttpStatusCode.valueOf(status), null));
		}
		finally {
			MDC.remove(RequestIdFilter.MDC_KEY);
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(new String(body, StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the answer is already on its way: nothing to add
		}
	}

}
