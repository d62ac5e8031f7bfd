package dev.postsapi.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Every error that leaves the servlets as problem details (Tomcat's own 400s, uncaught
 * exceptions): nothing in Boot does that, and Boot's error page is off so all come here.
 */
@Component
class ProblemErrorReportValve extends ErrorReportValve
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final Problems problems;

	ProblemErrorReportValve(Problems problems) {
		this.problems = problems;
	}

	/** In place of the HTML valves that Tomcat and Boot put on the host. */
	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			StandardHost host = (StandardHost) context.getParent();
			Stream.of(host.getPipeline().getValves())
				.filter(ErrorReportValve.class::isInstance)
				.forEach(host.getPipeline()::removeValve);
			host.getPipeline().addValve(this);
			host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
		});
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
		response.setHeader(ApiFilter.HEADER, ApiFilter.requestId(request));
		Problems.protect(request, response);
		ProblemDetail problem = this.problems
			.complete((known != null) ? known.getBody() : ProblemDetail.forStatus(response.getStatus()));
		// the filter's MDC is gone by now
		problem.setProperty(ApiFilter.REQUEST_ID, ApiFilter.requestId(request));
		problem.setInstance(Problems.instance(request.getRequestURI()));
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			if (response.getReporter() != null) {
				response.getReporter().write(new String(this.problems.toJson(problem), StandardCharsets.UTF_8));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the answer is already on its way
		}
	}

}
