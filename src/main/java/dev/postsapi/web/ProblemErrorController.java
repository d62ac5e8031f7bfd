package dev.postsapi.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page, which answers errors raised outside Spring MVC (in filters,
 * or by the servlet container) with its own JSON, so those are problem details too.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
				&& HttpStatus.resolve(code) != null) ? HttpStatus.valueOf(code) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetails.forStatus(status, null);
		if (MalformedRequest.isCause((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			status = HttpStatus.BAD_REQUEST;
			problem = ProblemDetails.forStatus(status, MalformedRequest.DETAIL);
		}
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			problem.setInstance(ProblemDetails.instance(path));
		}
		return ResponseEntity.status(status).body(problem);
	}

}
