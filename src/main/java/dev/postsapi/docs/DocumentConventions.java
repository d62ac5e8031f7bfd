package dev.postsapi.docs;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.postsapi.security.SecurityConfiguration;
import dev.postsapi.web.ApiFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What every operation of the API shares, written into the document once instead of on
 * each route, so that a new route gets it by being a route:
 * <ul>
 * <li>{@code security}: none ({@code []}) under
 * {@link SecurityConfiguration#PUBLIC_PATHS}, the list the filter chain lets through,
 * else the bearer token, from either scheme;</li>
 * <li>problem details for every error, and the errors any operation of its kind may give
 * (400, 503; with a body 413, 415, 422; with a token 401);</li>
 * <li>the headers: {@code X-Request-Id} on every answer, {@code WWW-Authenticate} on a
 * 401 (and a 400 with a token, an admin route's 403), {@code Retry-After} on a 429 or
 * 503, {@code Location} on a 201 (unless the 201 says {@code x-without-location});</li>
 * <li>a response's fields are all {@code required}: Jackson writes every one, a
 * {@code null} as {@code null};</li>
 * <li>a stable order (paths, schemas, status codes sorted), so that every JVM serves the
 * same bytes;</li>
 * <li>the server: {@code APP_PUBLIC_URL} when set, else the relative {@code /}.</li>
 * </ul>
 */
class DocumentConventions implements OpenApiCustomizer {

	static final String PROBLEM_SCHEMA = "Problem";

	static final String FIELD_ERROR_SCHEMA = "FieldError";

	static final String BEARER_SCHEME = "token";

	static final String OAUTH2_SCHEME = "oauth2";

	/** A 201 with nothing to point at (a vote) says so with this extension. */
	static final String WITHOUT_LOCATION = "x-without-location";

	private static final String SCHEMAS = "#/components/schemas/";

	private static final String HEADERS = "#/components/headers/";

	private static final List<PathPattern> PUBLIC_PATHS = SecurityConfiguration.PUBLIC_PATHS.stream()
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	private static final PathPattern ADMIN_PATHS = PathPatternParser.defaultInstance
		.parse(SecurityConfiguration.ADMIN_PATHS);

	private final @Nullable URI publicUrl;

	DocumentConventions(@Nullable URI publicUrl) {
		this.publicUrl = publicUrl;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (this.publicUrl != null) {
			openApi.setServers(List.of(new Server().url(this.publicUrl.toString())
				.description("The service, at its public URL (APP_PUBLIC_URL)")));
		}
		Components components = openApi.getComponents();
		components.addSchemas(FIELD_ERROR_SCHEMA, fieldErrorSchema());
		components.addSchemas(PROBLEM_SCHEMA, problemSchema());
		components.addHeaders(ApiFilter.HEADER, new Header()
			.description("The request's id: the caller's X-Request-Id if it is sane, else a new one; in every log "
					+ "line of the request and in a problem's request_id")
			.schema(new StringSchema()));
		components.addHeaders(HttpHeaders.WWW_AUTHENTICATE, new Header()
			.description("Bearer (RFC 6750): on a 401, with error=\"invalid_token\" when a token was sent but is "
					+ "unusable; on a 400, error=\"invalid_request\" (two Authorization headers); on an "
					+ "admin route's 403, error=\"insufficient_scope\"")
			.schema(new StringSchema()));
		components.addHeaders(HttpHeaders.RETRY_AFTER,
				new Header().description("Whole seconds to wait before trying again")
					.schema(new IntegerSchema().minimum(BigDecimal.ONE)));
		components.addHeaders(HttpHeaders.LOCATION, new Header().description("The path of what was created")
			.schema(new StringSchema().format("uri-reference")));
		Content problem = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				new MediaType().schema(new Schema<>().$ref(SCHEMAS + PROBLEM_SCHEMA)));
		openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
			boolean needsToken = !isPublic(path);
			operation.setSecurity(needsToken ? List.of(new SecurityRequirement().addList(BEARER_SCHEME),
					new SecurityRequirement().addList(OAUTH2_SCHEME)) : new ArrayList<>());
			boolean adminOnly = ADMIN_PATHS.matches(PathContainer.parsePath(path));
			operation.setResponses(standardResponses(operation, needsToken, adminOnly, problem));
		}));
		components.getSchemas().values().forEach(DocumentConventions::objectIfItHasProperties);
		components.setSchemas(sorted(components.getSchemas()));
		Paths paths = new Paths();
		paths.setExtensions(openApi.getPaths().getExtensions());
		new TreeMap<>(openApi.getPaths()).forEach(paths::addPathItem);
		openApi.setPaths(paths);
	}

	/** The operation's own answers, the ones its kind may give, and their headers. */
	private static ApiResponses standardResponses(Operation operation, boolean needsToken, boolean adminOnly,
			Content problem) {
		ApiResponses responses = operation.getResponses();
		addIfAbsent(responses, "400",
				"The request cannot be read: a malformed URL or parameter, or a body that is not valid JSON");
		if (operation.getRequestBody() != null) {
			addIfAbsent(responses, "413", "The body is larger than the limit");
			addIfAbsent(responses, "415", "The body's content type is not one this operation reads");
			addIfAbsent(responses, "422", "A field is missing, has the wrong type or an invalid value");
		}
		if (needsToken) {
			addIfAbsent(responses, "401", "Missing, invalid or expired token");
		}
		addIfAbsent(responses, "503", "The database is unreachable; Retry-After says when to try again");
		ApiResponses sorted = new ApiResponses();
		sorted.setExtensions(responses.getExtensions());
		new TreeMap<>(responses).forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(problem);
			}
			if (code.equals("204")) {
				response.setContent(null); // no body, whatever the return type
			}
			boolean withoutLocation = response.getExtensions() != null
					&& response.getExtensions().remove(WITHOUT_LOCATION) != null;
			if (response.getExtensions() != null && response.getExtensions().isEmpty()) {
				response.setExtensions(null);
			}
			addHeader(response, ApiFilter.HEADER);
			if (code.equals("201") && !withoutLocation) {
				addHeader(response, HttpHeaders.LOCATION);
			}
			if (code.equals("401") || (code.equals("400") && needsToken) || (code.equals("403") && adminOnly)) {
				addHeader(response, HttpHeaders.WWW_AUTHENTICATE);
			}
			if (code.equals("429") || code.equals("503")) {
				addHeader(response, HttpHeaders.RETRY_AFTER);
			}
			sorted.addApiResponse(code, response);
		});
		return sorted;
	}

	/** Under a public path, for every method: what the security chain lets through. */
	static boolean isPublic(String path) {
		PathContainer parsed = PathContainer.parsePath(path);
		return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(parsed));
	}

	private static void addHeader(ApiResponse response, String name) {
		response.addHeaderObject(name, new Header().$ref(HEADERS + name));
	}

	private static void addIfAbsent(ApiResponses responses, String code, String description) {
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().description(description));
		}
	}

	/** A schema with properties is an object; generators want it said. */
	private static void objectIfItHasProperties(Schema<?> schema) {
		if (schema.getProperties() != null && schema.getType() == null) {
			schema.setType("object");
		}
		if (schema.getProperties() != null && (schema.getTypes() == null || schema.getTypes().isEmpty())) {
			schema.addType("object");
		}
	}

	private static <V> Map<String, V> sorted(Map<String, V> map) {
		return new LinkedHashMap<>(new TreeMap<>(map));
	}

	private static Schema<?> fieldErrorSchema() {
		return new ObjectSchema().description("A field that failed validation")
			.addProperty("field", new StringSchema().description("The field's name, as sent (snake_case)"))
			.addProperty("message", new StringSchema().description("What is wrong with it, for people"))
			.required(List.of("field", "message"));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").description("about:blank: see status and title"))
			.addProperty("title", new StringSchema().description("The status's reason phrase"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What went wrong, for people"))
			.addProperty("instance",
					new StringSchema().format("uri-reference")
						.description("The request's path as it was sent, without a trailing slash"))
			.addProperty("request_id",
					new StringSchema().description("The request's id, as in the X-Request-Id header and the logs"))
			.addProperty("errors",
					new ArraySchema().items(new Schema<>().$ref(SCHEMAS + FIELD_ERROR_SCHEMA))
						.description("The fields that failed validation (422 only)"))
			.addProperty("error",
					new StringSchema().description(
							"The OAuth2 error code (RFC 6749, section 5.2), on POST /login and POST /token/refresh "
									+ "only: invalid_request (a field given twice), invalid_grant (the refresh_token "
									+ "grant's bad refresh token)"))
			.required(List.of("type", "title", "status", "detail"));
	}

}
