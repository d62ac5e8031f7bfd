package dev.postsapi.docs;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.OAuthFlow;
import io.swagger.v3.oas.annotations.security.OAuthFlows;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The OpenAPI document (checked in as docs/openapi.json, linted): snake_case schemas,
 * Swagger UI's password flow, problem details for every error, a relative server.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Posts API", version = "1",
				description = "Users register, log in with the OAuth2 password flow to get a JWT bearer token, "
						+ "and manage their posts and vote on posts.\n\n"
						+ "- Send the access token as `Authorization: Bearer <token>`; before it expires "
						+ "(`expires_in`), exchange the refresh token at `POST /token/refresh` for a new pair.\n"
						+ "- JSON is snake_case; timestamps are ISO-8601 UTC.\n"
						+ "- Every path also answers with a trailing slash, the same way.\n"
						+ "- Errors are RFC 9457 problem details (`application/problem+json`) with a "
						+ "human-readable `detail`; a 422 lists `errors[{field, message}]`.\n"
						+ "- While the database is unreachable, requests that need it get a 503 with `Retry-After`.",
				// all rights reserved until the project chooses a licence
				contact = @Contact(name = "Posts API maintainers"),
				license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")),
		servers = @Server(url = "/", description = "The service that serves this document"),
		tags = { @Tag(name = "Users", description = "Registration and the caller's profile"),
				@Tag(name = "Authentication",
						description = "Login (OAuth2 password grant), refresh-token rotation, logout and password "
								+ "change. Every login opens a session; ending it takes effect on the next request, "
								+ "on every instance."),
				@Tag(name = "Posts",
						description = "The caller's posts and the feed of everyone's, newest first, each with its "
								+ "vote count"),
				@Tag(name = "Votes", description = "One vote per user and post, added or removed"),
				@Tag(name = "Security events",
						description = "What happened to an account: logins (failed and throttled too), logouts, "
								+ "ended sessions, refresh-token theft, password changes; with time, address and "
								+ "user agent") })
@SecurityScheme(name = "oauth2", type = SecuritySchemeType.OAUTH2,
		description = "Log in at POST /login (the OAuth2 password grant) and send the access token as a bearer "
				+ "token",
		flows = @OAuthFlows(password = @OAuthFlow(tokenUrl = "/login", refreshUrl = "/login")))
class OpenApiConfiguration implements WebMvcConfigurer {

	private static final String PROBLEM_SCHEMA = "Problem";

	/** springdoc's own Jackson 2 mapper needs the naming too. */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	/** Every operation documents, as problems, the errors its kind may give. */
	@Bean
	OpenApiCustomizer problemDetailsResponses() {
		return openApi -> {
			openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
			Content problem = new Content().addMediaType(
					org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
			openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
				ApiResponses responses = operation.getResponses();
				addIfAbsent(responses, "400",
						"The request cannot be read: a malformed URL or parameter, or a body that is not valid JSON");
				if (operation.getRequestBody() != null) {
					addIfAbsent(responses, "413", "The body is larger than the limit");
					addIfAbsent(responses, "415", "The body's content type is not one this operation reads");
					addIfAbsent(responses, "422", "A field is missing, has the wrong type or an invalid value");
				}
				if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
					addIfAbsent(responses, "401", "Missing, invalid or expired token");
				}
				addIfAbsent(responses, "503", "The database is unreachable; Retry-After says when to try again");
				responses.forEach((code, response) -> {
					if (code.startsWith("4") || code.startsWith("5")) {
						response.setContent(problem);
					}
					if (code.equals("204")) {
						response.setContent(null); // no body, whatever the return type
					}
					if (code.equals("429") || code.equals("503")) {
						response.addHeaderObject(HttpHeaders.RETRY_AFTER,
								new Header().description("Whole seconds to wait before trying again")
									.schema(new IntegerSchema().minimum(BigDecimal.ONE)));
					}
				});
			}));
		};
	}

	/** ReDoc's bundle with nothing to fetch from outside (see OfflineRedoc). */
	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/webjars/redoc/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/redoc/")
			.resourceChain(true)
			.addTransformer(new OfflineRedoc());
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/redoc").setViewName("forward:/redoc.html");
		registry.addViewController("/docs").setViewName("forward:/docs.html");
	}

	private static void addIfAbsent(ApiResponses responses, String code, String description) {
		if (!responses.containsKey(code)) {
			responses.addApiResponse(code, new ApiResponse().description(description));
		}
	}

	private static Schema<?> problemSchema() {
		Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").description("about:blank: see status and title"))
			.addProperty("title", new StringSchema().description("The status's reason phrase"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What went wrong, for people"))
			.addProperty("instance", new StringSchema().format("uri").description("The request's path"))
			.addProperty("request_id",
					new StringSchema().description("The request's id, as in the X-Request-Id header and the logs"))
			.addProperty("errors", new ArraySchema().items(fieldError).description("Validation errors (422 only)"));
	}

}
