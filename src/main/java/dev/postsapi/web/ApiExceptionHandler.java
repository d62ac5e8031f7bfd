package dev.postsapi.web;

import java.lang.invoke.MethodType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.exc.InvalidFormatException;
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
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches Spring MVC into problem details. Spring's own
 * exceptions and the features' ({@code ErrorResponseException}s that carry their status)
 * are rendered by {@link ResponseEntityExceptionHandler}; this adds the contract's 422
 * with a list of fields for bad input, a 503 when the database cannot be reached, and a
 * 500 that says nothing of the internals for anything else.
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

	/** Query and form parameters must be storable text, as JSON strings must. */
	@InitBinder
	void storableTextOnly(WebDataBinder binder) {
		binder.registerCustomEditor(String.class, new StorableText.Editor());
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		if (DatabaseUnavailable.isCause(ex)) {
			log.warn("The database is unreachable: {}", NestedExceptionUtils.getMostSpecificCause(ex).toString());
			return createResponseEntity(DatabaseUnavailable.problem(), DatabaseUnavailable.headers(),
					HttpStatus.SERVICE_UNAVAILABLE, request);
		}
		if (MalformedRequest.isCause(ex)) {
			return problem(HttpStatus.BAD_REQUEST, MalformedRequest.DETAIL, request);
		}
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

	/**
	 * A body that cannot be read: too large (413), not JSON at all (400), or valid JSON
	 * with a value of the wrong type or out of range for its field (422 naming the
	 * field).
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof RequestBodyFilter.RequestBodyTooLargeException) {
			// a chunked body: its size showed only while it was read
			return problem(HttpStatus.CONTENT_TOO_LARGE, cause.getMessage(), request);
		}
		JacksonException invalid = findCause(ex, JacksonException.class);
		if (invalid != null && !invalid.getPath().isEmpty()
				&& (invalid instanceof DatabindException || invalid instanceof InputCoercionException)) {
			return validationFailed(List.of(new FieldProblem(jsonPath(invalid), jsonMessage(invalid))), request);
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

	/** A bound field's message; Spring's own for binding failures names Java types. */
	private static String message(FieldError error) {
		if (error.isBindingFailure()) {
			return (error.contains(TypeMismatchException.class)) ? mustBeA(error.unwrap(TypeMismatchException.class))
					: "has the wrong type";
		}
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String mustBeA(TypeMismatchException ex) {
		if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof StorableText.UnstorableTextException) {
			return StorableText.PROBLEM;
		}
		Class<?> type = ex.getRequiredType();
		// an Integer query parameter reads "int", like an int path variable
		return "must be a valid " + ((type != null)
				? MethodType.methodType(type).unwrap().returnType().getSimpleName().toLowerCase() : "value");
	}

	/** What is wrong with a JSON value, in the API's words. */
	private static String jsonMessage(JacksonException ex) {
		if (ex instanceof InputCoercionException) {
			return "is out of range";
		}
		if (ex instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class
				&& invalid.getValue() instanceof String) {
			return StorableText.PROBLEM;
		}
		Class<?> type = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		if (type == String.class) {
			return "must be a string";
		}
		if (type != null && (type == Integer.class || type == int.class || type == Long.class || type == long.class)) {
			return "must be an integer";
		}
		return "has the wrong type";
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

	private static String jsonPath(JacksonException ex) {
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
