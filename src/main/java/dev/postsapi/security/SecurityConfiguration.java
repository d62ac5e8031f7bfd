package dev.postsapi.security;

import dev.postsapi.web.ProblemDetails;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The whole of request security in one place: one stateless filter chain in which
 * Spring's resource-server filter checks bearer JWTs ({@link JwtConfiguration}), every
 * route but the public ones needs a token, and every refusal is an RFC 6750 answer with a
 * problem-details body. Who a token speaks for is the issuing feature's to say
 * ({@link PrincipalLookup}). Public so that each feature's web-layer slice tests can
 * import the real chain.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** What every 401 says, as the original did. */
	static final String UNAUTHORIZED_DETAIL = "Could not validate credentials";

	/**
	 * Paths are matched after the trailing slash is dropped (see the web package). Public
	 * for every method, so a wrong method is Spring MVC's 405 with {@code Allow}, not a
	 * 401.
	 */
	static final RequestMatcher PUBLIC_ENDPOINTS = publicEndpoints();

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, PrincipalLookup principals,
			ProblemDetails problems) {
		// no cookies or sessions: nothing for a cross-site request to ride on
		http.csrf(csrf -> csrf.disable())
			.cors(Customizer.withDefaults())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			// nothing here asks the servlet request who the user is: one request wrapper
			// less
			.servletApi(servletApi -> servletApi.disable())
			// POST /logout is the API's own endpoint, not Spring Security's form logout
			.logout(logout -> logout.disable())
			.authorizeHttpRequests(
					authorize -> authorize.requestMatchers(PUBLIC_ENDPOINTS).permitAll().anyRequest().authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.bearerTokenResolver(bearerTokenResolver())
				.jwt(jwt -> jwt.decoder(jwtDecoder)
					.jwtAuthenticationConverter(new AccessTokenAuthenticationConverter(principals)))
				// set once here: the resource server also makes them the chain's defaults
				// for every request, with or without a token
				.authenticationEntryPoint(authenticationEntryPoint(problems))
				.accessDeniedHandler(accessDeniedHandler(problems))
				// RFC 9728 metadata, which the 401's WWW-Authenticate points to; tokens
				// are not bound to client certificates here
				.protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
						builder -> builder.tlsClientCertificateBoundAccessTokens(false))));
		return http.build();
	}

	/**
	 * Spring's RFC 6750 answer ({@code WWW-Authenticate: Bearer}, with
	 * {@code error="invalid_token"} when a token was sent), with a problem-details body.
	 */
	private static AuthenticationEntryPoint authenticationEntryPoint(ProblemDetails problems) {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex);
			problems.write(request, response, HttpStatusCode.valueOf(response.getStatus()), UNAUTHORIZED_DETAIL);
		};
	}

	/**
	 * Spring's RFC 6750 403 ({@code error="insufficient_scope"}), with a problem-details
	 * body.
	 */
	private static AccessDeniedHandler accessDeniedHandler(ProblemDetails problems) {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			bearer.handle(request, response, ex);
			problems.write(request, response, HttpStatus.FORBIDDEN, "Not allowed to perform this action");
		};
	}

	/**
	 * No observation per security filter: measured at a quarter of the throughput of a
	 * 401 (BENCHMARKS.md). The request's own observation (http.server.requests) stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's firewall, with the same rules for header and parameter names and
	 * header values (Unicode characters that are assigned and not control characters;
	 * tabs in values) checked by a loop instead of a regular expression, which cost about
	 * a tenth of a request's CPU (BENCHMARKS.md).
	 */
	@Bean
	static HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(name -> isPrintable(name, false));
		firewall.setAllowedHeaderValues(value -> isPrintable(value, true));
		firewall.setAllowedParameterNames(name -> isPrintable(name, false));
		return firewall;
	}

	/** Every code point assigned and not a control character (but a tab, if allowed). */
	static boolean isPrintable(String text, boolean tabAllowed) {
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			if (Character.getType(codePoint) == Character.UNASSIGNED
					|| (Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	/**
	 * Login and registration with a stale token in the header must still work, so the
	 * bearer filter does not look for tokens on public endpoints (it would answer 401
	 * otherwise).
	 */
	static BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return request -> PUBLIC_ENDPOINTS.matches(request) ? null : resolver.resolve(request);
	}

	private static RequestMatcher publicEndpoints() {
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(path.matcher("/users"), path.matcher("/login"), path.matcher("/token/refresh"),
				path.matcher("/docs"), path.matcher("/docs/**"), path.matcher("/swagger-ui/**"),
				path.matcher("/openapi.json"), path.matcher("/openapi.json/**"), path.matcher("/redoc"),
				path.matcher("/docs.html"), path.matcher("/redoc.html"), path.matcher("/webjars/**"),
				path.matcher("/favicon.ico"), path.matcher("/actuator/health"), path.matcher("/actuator/health/**"),
				path.matcher("/actuator/prometheus"), path.matcher("/error"),
				path.matcher("/.well-known/oauth-protected-resource"));
	}

}
