package dev.postsapi.web;

import java.lang.invoke.MethodType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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
 * Turns every exception that reaches Spring MVC into problem details. Spring's own
 * exceptions and the features' ({@code ErrorResponseException}s that carry their status)
 * are rendered by {@link ResponseEntityExceptionHandler}; this adds the contract's 422
 * with a list of fields for bad input, and a 500 that says nothing of the internals for
 * anything else.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final SerializationConfig json;

	ApiExceptionHandler(JsonMapper jsonMapper) {
		this.json = jsonMapper.serializationConfig();
	}

	/** One entry of a 422's {@code errors} list. */
	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unhandled exception", ex);
		return createResponseEntity(null, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> new FieldProblem(jsonName(error.getField()), message(error)))
			.toList();
		return validationFailed(errors, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> new FieldProblem(jsonName(result.getMethodParameter().getParameterName()),
						String.valueOf(error.getDefaultMessage()))))
			.toList();
		return validationFailed(errors, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validationFailed(List.of(new FieldProblem(ex.getParameterName(), "is required")), request);
	}

	/** A path or query value of the wrong type, such as {@code /posts/abc}. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return validationFailed(List.of(new FieldProblem(jsonName(ex.getPropertyName()), mustBeA(ex))), request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
			// a chunked body: its size showed only while it was read
			return problem(HttpStatus.CONTENT_TOO_LARGE, cause.getMessage(), request);
		}
		MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			return validationFailed(List.of(new FieldProblem(jsonPath(mismatch), "has the wrong type")), request);
		}
		return problem(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON", request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, "No such endpoint: " + ex.getHttpMethod() + " /" + ex.getResourcePath(),
				request);
	}

	/**
	 * Every answer of this handler passes here: the one place its problems are completed.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? ProblemDetails.complete(detail)
				: ProblemDetails.forStatus(statusCode, null);
		return super.createResponseEntity(problem, headers, statusCode, request);
	}

	private ResponseEntity<Object> validationFailed(List<FieldProblem> errors, WebRequest request) {
		List<FieldProblem> sorted = errors.stream()
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
		String fields = sorted.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemDetails.forStatus(HttpStatus.UNPROCESSABLE_CONTENT,
				"Validation failed for: " + fields);
		problem.setProperties(Map.of("errors", sorted));
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
		return createResponseEntity(ProblemDetails.forStatus(status, detail), new HttpHeaders(), status, request);
	}

	private static String message(FieldError error) {
		if (error.isBindingFailure()) {
			// Spring's own message names Java types; say it in the API's words
			return (error.contains(TypeMismatchException.class)
					&& error.unwrap(TypeMismatchException.class).getRequiredType() != null)
							? mustBeA(error.unwrap(TypeMismatchException.class)) : "has the wrong type";
		}
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String mustBeA(TypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		// an Integer query parameter reads "int", like an int path variable
		return "must be a valid " + ((type != null)
				? MethodType.methodType(type).unwrap().returnType().getSimpleName().toLowerCase() : "value");
	}

	/**
	 * Java names the fields in camelCase; the API names them as the configured JSON
	 * naming does.
	 */
	private String jsonName(@Nullable String javaName) {
		PropertyNamingStrategy naming = this.json.getPropertyNamingStrategy();
		if (javaName == null) {
			return "";
		}
		return (naming != null) ? naming.nameForField(this.json, null, javaName) : javaName;
	}

	private static String jsonPath(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map(reference -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.collect(Collectors.joining("."));
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

}
