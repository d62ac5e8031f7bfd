package dev.postsapi.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.MDC;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Every error that leaves the servlets (Tomcat's own 400s before any servlet runs, an
 * exception no handler caught) as problem details: nothing in Boot renders those as
 * problem JSON, and Boot's error page is switched off so that they all come here.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final Problems problems;

	ProblemErrorReportValve(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorResponseException known = Problems.classify(throwable);
		if (known != null) {
			response.setStatus(known.getStatusCode().value());
			known.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
		}
		String requestId = ApiFilter.requestId(request);
		response.setHeader(ApiFilter.HEADER, requestId);
		MDC.put(ApiFilter.REQUEST_ID, requestId); // the filter's entry is gone by now
		try {
			ProblemDetail problem = this.problems
				.complete((known != null) ? known.getBody() : ProblemDetail.forStatus(response.getStatus()));
			problem.setInstance(Problems.instance(request.getRequestURI()));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			if (response.getReporter() != null) {
				response.getReporter().write(new String(this.problems.toJson(problem), StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the answer is already on its way
		}
		finally {
			MDC.remove(ApiFilter.REQUEST_ID);
		}
	}

}
