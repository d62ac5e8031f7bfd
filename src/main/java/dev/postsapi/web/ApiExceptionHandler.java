package dev.postsapi.web;

import java.lang.invoke.MethodType;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring's problem details, plus what it lacks: the 422's {@code errors} naming JSON
 * fields, {@link Problems#classify}'s answers, and a 500 that tells nothing.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final Problems problems;

	ApiExceptionHandler(Problems problems) {
		this.problems = problems;
	}

	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler
	@Nullable ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		if (nothingToAnswer(ex, request)) {
			return null;
		}
		ErrorResponseException known = Problems.classify(ex);
		if (known != null) {
			return handleErrorResponseException(known, known.getHeaders(), known.getStatusCode(), request);
		}
		log.error("Unhandled exception", ex);
		return createResponseEntity(null, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validationFailed(ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> new FieldProblem(jsonName(error.getField()), message(error)))
			.toList(), request);
	}

	/**
	 * A form field's message; where it could not be bound, not the binder's, which names
	 * Java types (a field given twice, SingleValueParameters).
	 */
	private static String message(FieldError error) {
		if (!error.isBindingFailure()) {
			return String.valueOf(error.getDefaultMessage());
		}
		return givenMoreThanOnce(error.getRejectedValue()) ? "must be given once" : "must be a valid value";
	}

	/** Two values or more where one is due (SingleValueParameters, AsciiValues). */
	private static boolean givenMoreThanOnce(@Nullable Object value) {
		return value instanceof Object[] values && values.length > 1;
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// a body's errors name its fields; a parameter's name the parameter
		return validationFailed(ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> (result instanceof ParameterErrors body)
					? body.getFieldErrors()
						.stream()
						.map(error -> new FieldProblem(jsonName(error.getField()),
								String.valueOf(error.getDefaultMessage())))
					: result.getResolvableErrors()
						.stream()
						.map(error -> new FieldProblem(jsonName(result.getMethodParameter().getParameterName()),
								String.valueOf(error.getDefaultMessage()))))
			.toList(), request);
	}

	/**
	 * A path or query value of the wrong type, such as {@code /posts/abc}, or two of
	 * them.
	 */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		// an Integer query parameter reads "int", like an int path variable
		Class<?> type = MethodType.methodType(Objects.requireNonNullElse(ex.getRequiredType(), Object.class))
			.unwrap()
			.returnType();
		// a parameter given twice (SingleValueParameters), whatever its type
		String message = givenMoreThanOnce(ex.getValue()) ? "must be given once"
				: "must be a valid " + type.getSimpleName().toLowerCase(Locale.ROOT);
		return validationFailed(List.of(new FieldProblem(jsonName(ex.getPropertyName()), message)), request);
	}

	/** A file where a form's text field is due, such as a login's password. */
	@Override
	protected @Nullable ResponseEntity<Object> handleConversionNotSupported(ConversionNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getValue() instanceof MultipartFile || ex.getValue() instanceof Part) {
			return validationFailed(
					List.of(new FieldProblem(jsonName(ex.getPropertyName()), "must be text, not a file")), request);
		}
		return super.handleConversionNotSupported(ex, headers, status, request);
	}

	/**
	 * Not JSON or a key given twice (400), a JSON value of the wrong type or range, or
	 * not an object (422), or too large.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ErrorResponseException known = Problems.classify(ex);
		if (known != null) {
			return handleErrorResponseException(known, known.getHeaders(), known.getStatusCode(), request);
		}
		if (ex.getCause() instanceof JacksonException invalid && !invalid.getPath().isEmpty()
				&& (invalid instanceof DatabindException || invalid instanceof InputCoercionException)) {
			return validationFailed(List.of(new FieldProblem(jsonPath(invalid), jsonMessage(invalid))), request);
		}
		// well-formed JSON but not an object ([...], "x", 1): invalid, as the original
		// found it; text after the object, or only white space, is malformed
		String reason = (ex.getCause() instanceof JacksonException jackson)
				? String.valueOf(jackson.getOriginalMessage()) : "";
		if (ex.getCause() instanceof MismatchedInputException notAnObject && notAnObject.getPath().isEmpty()
				&& !reason.startsWith("Trailing token") && !reason.startsWith("No content to map")) {
			return validationFailed(List.of(new FieldProblem("body", "must be a JSON object")), request);
		}
		// a string or key longer than any the API takes: Jackson stopped reading it
		// (JsonConfiguration)
		if (ex.getCause() instanceof StreamConstraintsException tooLong
				&& (reason.startsWith("String value length") || reason.startsWith("Name length"))) {
			String field = tooLong.getPath().isEmpty() ? "body" : jsonPath(tooLong);
			return validationFailed(List.of(new FieldProblem(field, "is too long")), request);
		}
		// refused so that no reader takes the other value (JsonConfiguration)
		if (ex.getCause() instanceof StreamReadException && reason.startsWith("Duplicate")) {
			return problem(HttpStatus.BAD_REQUEST, "The request body gives a key twice", request);
		}
		return problem(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON", request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, "No such endpoint: " + ex.getHttpMethod() + " /" + ex.getResourcePath(),
				request);
	}

	/** Spring's own 500s (a value it cannot convert, an answer it cannot write): bugs. */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		if (nothingToAnswer(ex, request)) {
			return null;
		}
		if (statusCode.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
			log.error("Unhandled exception", ex);
			// its detail names classes and values
			body = ProblemDetail.forStatus(statusCode);
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	/**
	 * Whether no answer can be written: the client left (Tomcat's own exception for it: a
	 * download cut off, nothing wrong here, and each such stack trace was 25 KB of log a
	 * client could ask for; Spring's broader guess also takes a database connection's EOF
	 * for it), or part of the answer went out before the failure (a page's later
	 * statement), when {@link ApiFilter} ends the connection with the answer unfinished,
	 * where Spring would end it as if it were whole, a short page that looks complete.
	 */
	private static boolean nothingToAnswer(Exception ex, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClientAbortException || cause instanceof AsyncRequestNotUsableException) {
				log.debug("The client went away", ex);
				return true;
			}
		}
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
				&& servlet.getResponse().isCommitted()) {
			log.warn("An answer was cut short after its first part went out: {}",
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
			// ApiFilter ends the connection (the metric's exception: CloseNowException)
			servlet.getRequest().setAttribute(ApiFilter.CUT_SHORT, ex);
			return true;
		}
		return false;
	}

	/** Every answer of this handler passes here. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? this.problems.complete(detail)
				: this.problems.complete(ProblemDetail.forStatus(statusCode));
		// problem details whatever the Accept header says: one Spring cannot parse would
		// leave the error with no body at all
		HttpHeaders problemHeaders = new HttpHeaders();
		problemHeaders.putAll(headers);
		problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return super.createResponseEntity(problem, problemHeaders, statusCode, request);
	}

	private ResponseEntity<Object> validationFailed(List<FieldProblem> errors, WebRequest request) {
		List<FieldProblem> sorted = errors.stream()
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
		String fields = sorted.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"Validation failed for: " + fields);
		problem.setProperty("errors", sorted);
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	private ResponseEntity<Object> problem(HttpStatus status, String detail, WebRequest request) {
		return createResponseEntity(ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), status,
				request);
	}

	/** What is wrong with a JSON value, in the API's words. */
	private static String jsonMessage(JacksonException ex) {
		if (ex instanceof InputCoercionException) {
			return "is out of range";
		}
		if (ex instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class
				&& invalid.getValue() instanceof String) {
			return invalid.getOriginalMessage(); // json/Storable's own words
		}
		Class<?> type = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		if (type == String.class) {
			return "must be a string";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "must be an integer";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be a boolean";
		}
		return "has the wrong type";
	}

	/** Java names fields in camelCase, the API in snake_case. */
	private static String jsonName(@Nullable String javaName) {
		return (javaName != null) ? PropertyNamingStrategies.SNAKE_CASE.nameForField(null, null, javaName) : "";
	}

	/** A field as Bean Validation names it: {@code roles[1]}, {@code a.b}. */
	private static String jsonPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
