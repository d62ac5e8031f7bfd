package dev.postsapi.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.postsapi.post.NotPostOwnerException;
import dev.postsapi.post.PostNotFoundException;
import dev.postsapi.user.UserAlreadyExistsException;
import dev.postsapi.vote.AlreadyVotedException;
import dev.postsapi.vote.VoteNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches Spring MVC into RFC 9457 problem details. Bad input is a
 * 4xx that says what was wrong; anything else is a 500 that says nothing of the internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/** One entry of a 422's {@code errors} list. */
	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler({ UserAlreadyExistsException.class, AlreadyVotedException.class })
	ProblemDetail conflict(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler({ PostNotFoundException.class, VoteNotFoundException.class })
	ProblemDetail notFound(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notPostOwner(NotPostOwnerException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	/** Only login authenticates inside a controller; a token's failures are the entry point's. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> badCredentials(AuthenticationException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Invalid credentials"));
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unhandled exception", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> new FieldProblem(snakeCase(error.getField()), message(error)))
			.toList();
		return validationFailed(errors);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> new FieldProblem(snakeCase(result.getMethodParameter().getParameterName()),
						error.getDefaultMessage())))
			.toList();
		return validationFailed(errors);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validationFailed(List.of(new FieldProblem(ex.getParameterName(), "is required")));
	}

	/** A path or query value of the wrong type, such as {@code /posts/abc}. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String type = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName().toLowerCase() : "value";
		return validationFailed(List.of(new FieldProblem(snakeCase(ex.getPropertyName()), "must be a valid " + type)));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, cause.getMessage());
		}
		MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			return validationFailed(List.of(new FieldProblem(jsonPath(mismatch), "has the wrong type")));
		}
		return problem(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON");
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, "No such endpoint: " + ex.getHttpMethod() + " /" + ex.getResourcePath());
	}

	private static ResponseEntity<Object> validationFailed(List<FieldProblem> errors) {
		List<FieldProblem> sorted = errors.stream()
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
		String fields = sorted.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"Validation failed for: " + fields);
		problem.setProperties(Map.of("errors", sorted));
		return ResponseEntity.unprocessableContent().body(problem);
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String jsonPath(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map(reference -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.collect(Collectors.joining("."));
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	/** Java names the fields in camelCase; the API and its clients in snake_case. */
	static String snakeCase(String name) {
		return (name == null) ? "" : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
	}

}
