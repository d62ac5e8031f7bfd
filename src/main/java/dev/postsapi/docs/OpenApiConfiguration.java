package dev.postsapi.docs;

import dev.postsapi.security.PublicUrlProperties;
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

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The OpenAPI document (checked in as docs/openapi.json, linted): snake_case schemas,
 * Swagger UI's password flow next to the bearer scheme, problem details for every error,
 * the server from APP_PUBLIC_URL (else relative); the rules every route follows are in
 * RecordSchemas and DocumentConventions.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Posts API", version = "1",
				description = "Users register, log in with the OAuth2 password flow to get a JWT bearer token, "
						+ "and manage their posts and vote on posts.\n\n"
						+ "- Send the access token as `Authorization: Bearer <token>`; before it expires "
						+ "(`expires_in`), exchange the refresh token at `POST /token/refresh` for a new pair.\n"
						+ "- JSON is snake_case; timestamps are ISO-8601 UTC. Answers are JSON: an `Accept` "
						+ "header that allows none of an operation's media types (`application/json`, and "
						+ "`application/problem+json` where a success has no body) is a 406, refused before "
						+ "anything is done (the resource metadata is JSON whatever the `Accept`); "
						+ "a compressed request body (`Content-Encoding`) is a 415.\n"
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
// two names for one token: clients send it as a bearer token (RFC 6750); Swagger UI's
// Authorize gets it through the password flow
@SecurityScheme(name = DocumentConventions.BEARER_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
		bearerFormat = "JWT",
		description = "The access_token of POST /login or POST /token/refresh, sent as 'Authorization: Bearer <token>'")
@SecurityScheme(name = DocumentConventions.OAUTH2_SCHEME, type = SecuritySchemeType.OAUTH2,
		description = "Log in at POST /login (the OAuth2 password grant) and send the access token as a bearer "
				+ "token",
		flows = @OAuthFlows(password = @OAuthFlow(tokenUrl = "/login", refreshUrl = "/login")))
class OpenApiConfiguration implements WebMvcConfigurer {

	/** Records as this API writes them (RecordSchemas). */
	@Bean
	RecordSchemas recordSchemas() {
		return new RecordSchemas();
	}

	/** The metadata Spring Security serves, which springdoc does not see. */
	@Bean
	ResourceMetadataOperation resourceMetadataOperation() {
		return new ResourceMetadataOperation();
	}

	/** What every operation shares: security, problems, headers, a stable order. */
	@Bean
	DocumentConventions documentConventions(PublicUrlProperties publicUrl) {
		return new DocumentConventions(publicUrl.publicUrl());
	}

	/**
	 * Swagger UI's pages without the forwarded headers: springdoc builds their URLs with
	 * Spring's ForwardedHeaderUtils, which reads those headers from anyone, not only from
	 * the proxies Tomcat trusts (whose values the request already carries). A forged
	 * X-Forwarded-Host went into the page's OAuth2 redirect URL, and a bad
	 * X-Forwarded-Port was a 500 whose logged message listed every header, bearer tokens
	 * too. Only on these paths (a pattern /x/* covers /x and /x/ too): the API builds no
	 * URL from a request. Being a ForwardedHeaderFilter, it also keeps Boot from adding
	 * its own for SERVER_FORWARD_HEADERS_STRATEGY=framework, which would believe any
	 * client (ServletFilters stops the start with it anyway).
	 */
	@Bean
	static FilterRegistrationBean<ForwardedHeaderFilter> swaggerUiWithoutForwardedHeaders() {
		ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
		filter.setRemoveOnly(true);
		FilterRegistrationBean<ForwardedHeaderFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/swagger-ui/*", "/swagger-ui.html/*", "/openapi.json/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
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

}
