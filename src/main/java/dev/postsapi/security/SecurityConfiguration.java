package dev.postsapi.security;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.postsapi.web.ApiFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import dev.postsapi.web.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Request security in one place: two stateless chains, one letting the public paths
 * through, one checking bearer JWTs and their live session on every other path; every
 * refusal RFC 6750 with a problem body. Public for the slice tests.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** What every 401 says, as the original did. */
	public static final String UNAUTHORIZED_DETAIL = "Could not validate credentials";

	/** What every 403 of a missing role says. */
	public static final String FORBIDDEN_DETAIL = "Not allowed to perform this action";

	/** The claim listing the account's roles when the token was issued. */
	public static final String ROLES_CLAIM = "roles";

	/** The claim naming the token's session (OpenID Connect's name). */
	public static final String SESSION_CLAIM = "sid";

	/**
	 * The paths only admins may call: a 403 without the role says so in its challenge.
	 */
	public static final String ADMIN_PATHS = "/admin/**";

	/** RFC 9728 metadata, served by Spring Security's own filter. */
	public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

	/** Where RFC 6750's error codes are defined, as Spring's challenges name it. */
	static final String ERROR_URI = "error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\"";

	private static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\", "
			+ "error_description=\"The request requires higher privileges than provided by the access token.\", "
			+ ERROR_URI;

	private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"[^\"]*\"");

	/**
	 * The paths anyone may call, for every method (a wrong method is MVC's 405, not a
	 * 401); every other path needs a bearer token. Path patterns; the API document marks
	 * the operations under them {@code security: []} from this same list.
	 */
	public static final List<String> PUBLIC_PATHS = List.of("/users", "/login", "/token/refresh", "/docs", "/docs/**",
			"/swagger-ui/**", "/openapi.json", "/openapi.json/**", "/redoc", "/docs.html", "/redoc.html", "/webjars/**",
			"/favicon.ico", "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/prometheus", METADATA_PATH, "/.well-known/jwks.json", "/password/forgot", "/password/reset",
			"/email/verify");

	/**
	 * The public paths in a chain of their own, without the resource server: a stale
	 * token sent to login or registration is not looked at, and no path rule is matched
	 * twice.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain publicFilterChain(HttpSecurity http) {
		// but for the resource metadata, which the resource server's own filter serves
		stateless(http)
			.securityMatcher(PUBLIC_PATHS.stream().filter(path -> !path.equals(METADATA_PATH)).toArray(String[]::new))
			.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
		return withCorsRefusalsAsProblems(http.build());
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, LiveSessions sessions,
			Problems problems, PublicUrlProperties publicUrl) {
		stateless(http)
			// no response here sets caching headers of its own: Spring Security's are
			// written first, with no wrappers to write them at commit (BENCHMARKS.md,
			// "Round seven")
			.headers(headers -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {

				@Override
				public <O extends HeaderWriterFilter> O postProcess(O filter) {
					filter.setShouldWriteHeadersEagerly(true);
					return filter;
				}

			}))
			// no anonymous caller: without a token the rules meet no authentication and
			// refuse it as such, filling in one exception's stack trace per 401, not two
			// (BENCHMARKS.md, "Round twelve")
			.anonymous(anonymous -> anonymous.disable())
			// the metadata is served by the resource server's filter, but for GET; other
			// methods get MVC's answer, as on every public path.
			// Other actuator paths are nobody's (health's components are in its answer;
			// Boot 4.0.7 answers some of them with a 500, where a name leads nowhere).
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(METADATA_PATH)
				.permitAll()
				.requestMatchers("/actuator/**")
				// 401 without a token, 403 with one
				.access(AuthorizationManagers.allOf(AuthenticatedAuthorizationManager.authenticated(),
						SingleResultAuthorizationManager.denyAll()))
				.requestMatchers(ADMIN_PATHS)
				.hasRole(Role.ADMIN.name())
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.bearerTokenResolver(oneAuthorizationHeader())
				.jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(token -> authenticated(token, sessions)))
				// the resource server makes these the chain's defaults too
				.authenticationEntryPoint(authenticationEntryPoint(problems, publicUrl.publicUrl()))
				.accessDeniedHandler(accessDeniedHandler(problems))
				// RFC 9728 metadata, which the 401's WWW-Authenticate points to
				.protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder -> {
					builder.tlsClientCertificateBoundAccessTokens(false);
					if (publicUrl.publicUrl() != null) {
						builder.resource(publicUrl.publicUrl().toString());
					}
				})));
		DefaultSecurityFilterChain chain = http.build();
		// Spring Security 7.0 adds DPoP's filter to every resource server, with no
		// switch; no token here is sender-constrained, so DPoP can never authenticate,
		// and its filter would read every request's Authorization header. At most that
		// one plain AuthenticationFilter: another would not vanish unseen
		List<Filter> filters = chain.getFilters()
			.stream()
			.filter(filter -> filter.getClass() != AuthenticationFilter.class)
			.toList();
		int removed = chain.getFilters().size() - filters.size();
		if (removed > 1) {
			throw new IllegalStateException(
					"Expected DPoP's AuthenticationFilter alone in the API chain, found " + removed);
		}
		return withCorsRefusalsAsProblems(new DefaultSecurityFilterChain(chain.getRequestMatcher(), filters));
	}

	/**
	 * Spring's CORS refusal writes a text body; this one leaves its 403 to Tomcat's error
	 * valve, which answers it with problem details as every error outside MVC.
	 */
	private static DefaultSecurityFilterChain withCorsRefusalsAsProblems(DefaultSecurityFilterChain chain) {
		DefaultCorsProcessor refusalsAsProblems = new DefaultCorsProcessor() {

			@Override
			protected void rejectRequest(ServerHttpResponse response) throws IOException {
				((ServletServerHttpResponse) response).getServletResponse().sendError(HttpStatus.FORBIDDEN.value());
			}

		};
		chain.getFilters()
			.stream()
			.filter(CorsFilter.class::isInstance)
			.forEach((filter) -> ((CorsFilter) filter).setCorsProcessor(refusalsAsProblems));
		return chain;
	}

	/**
	 * No cookies, no HTTP session, no servlet API, no form logout: the API's defaults.
	 */
	private static HttpSecurity stateless(HttpSecurity http) {
		// no cookies or sessions: nothing for a cross-site request to ride on
		return http.csrf(csrf -> csrf.disable())
			.cors(Customizer.withDefaults())
			// no page's address (the docs', a link's token) goes on to the next site
			.headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			// no HTTP session is made, read or written: the context lives for the request
			.sessionManagement(session -> session.disable())
			.securityContext(
					context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.requestCache(cache -> cache.disable())
			// nothing asks the servlet request who the user is: one request wrapper less
			.servletApi(servletApi -> servletApi.disable())
			// POST /logout is the API's own endpoint, not Spring Security's form logout
			.logout(logout -> logout.disable());
	}

	/**
	 * Spring's resolver, refusing two Authorization headers (RFC 6750, section 3.1): a
	 * proxy reading the other one could take the request for another caller's.
	 */
	private static BearerTokenResolver oneAuthorizationHeader() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return (request) -> {
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			if (headers.hasMoreElements() && headers.nextElement() != null && headers.hasMoreElements()) {
				throw new OAuth2AuthenticationException(
						BearerTokenErrors.invalidRequest("Only one Authorization header may be sent"));
			}
			return resolver.resolve(request);
		};
	}

	/**
	 * The caller a verified token speaks for while its session is live; else the token is
	 * refused like any bad one, with no word of which check failed.
	 */
	private static AbstractAuthenticationToken authenticated(Jwt jwt, LiveSessions sessions) {
		UUID sessionId;
		try {
			sessionId = UUID.fromString(String.valueOf(jwt.getClaimAsString(SESSION_CLAIM)));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidBearerTokenException(AccessTokens.INVALID);
		}
		String userId = jwt.getSubject();
		// the roles as they are now, not as the token says: a demotion holds at once
		List<Role> roles = sessions.rolesIfLive(sessionId, userId);
		if (roles == null) {
			// in the words of any bad token: a thief learns nothing of what the owner did
			throw new InvalidBearerTokenException(AccessTokens.INVALID);
		}
		UsernamePasswordAuthenticationToken caller = UsernamePasswordAuthenticationToken
			.authenticated(new Caller(userId, sessionId), jwt, roles.stream().map(Role::authority).toList());
		caller.setDetails(new SlowBodySessionCheck.SessionChecked(System.nanoTime(),
				Objects.requireNonNullElse(jwt.getExpiresAt(), Instant.MIN)));
		return caller;
	}

	/**
	 * Spring's RFC 6750 401 ({@code error="invalid_token"} when a token was sent), its
	 * metadata link on the public URL when one is set; or its 400 for a malformed request
	 * ({@code error="invalid_request"}), saying what is wrong.
	 */
	private static AuthenticationEntryPoint authenticationEntryPoint(Problems problems, @Nullable URI publicUrl) {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex);
			String challenge = response.getHeader(HttpHeaders.WWW_AUTHENTICATE);
			if (publicUrl != null && challenge != null) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, RESOURCE_METADATA.matcher(challenge)
					.replaceFirst(Matcher.quoteReplacement("resource_metadata=\"" + publicUrl + METADATA_PATH + "\"")));
			}
			String detail = (response.getStatus() == HttpStatus.BAD_REQUEST.value()
					&& ex instanceof OAuth2AuthenticationException malformed) ? malformed.getError().getDescription()
							: UNAUTHORIZED_DETAIL;
			problems.write(request, response,
					ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(response.getStatus()), detail));
		};
	}

	/**
	 * RFC 6750's 403 ({@code error="insufficient_scope"}), which Spring's handler writes
	 * only for its own token types.
	 */
	private static AccessDeniedHandler accessDeniedHandler(Problems problems) {
		return (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, INSUFFICIENT_SCOPE);
			problems.write(request, response, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, FORBIDDEN_DETAIL));
		};
	}

	/**
	 * The CORS filter's rules; with no allowed origins it allows none, and refuses none.
	 * With some, the public URL's origin is one: behind a TLS proxy the service sees
	 * http, so its own pages' requests (the docs' login) look cross-origin.
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties, PublicUrlProperties publicUrl) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.allowedOrigins());
			if (publicUrl.publicUrl() != null) {
				cors.addAllowedOrigin(origin(publicUrl.publicUrl()));
			}
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
			cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
			cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER,
					ApiFilter.HEADER));
			// bearer tokens travel in a header, never in cookies
			cors.setAllowCredentials(false);
			cors.setMaxAge(properties.maxAge());
			source.registerCorsConfiguration("/**", cors);
		}
		return source;
	}

	/**
	 * Spring Security's event for every request's authentication: nothing here listens,
	 * so none is published (BENCHMARKS.md, "Round four"); this service records its own.
	 */
	@Bean
	static AuthenticationEventPublisher authenticationEventPublisher() {
		return new AuthenticationEventPublisher() {

			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
			}

			@Override
			public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
			}

		};
	}

	/** Likewise for each refusal by the authorization rules (a 401 or 403). */
	@Bean
	static AuthorizationEventPublisher authorizationEventPublisher() {
		return new AuthorizationEventPublisher() {

			@Override
			public <T> void publishAuthorizationEvent(Supplier<Authentication> authentication, T object,
					@Nullable AuthorizationResult result) {
			}

		};
	}

	/** No per-filter observations (BENCHMARKS.md, "Round one"). */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** The firewall's rules as loops, not regexes (BENCHMARKS.md, "Round two"). */
	@Bean
	static HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall() {

			@Override
			public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
				FirewalledRequest checked = super.getFirewalledRequest(request);
				// names are checked as they are read: read them while a refusal is a 400
				checked.getParameterMap();
				return checked;
			}

		};
		firewall.setAllowedHeaderNames(name -> isPrintable(name, false));
		firewall.setAllowedHeaderValues(SecurityConfiguration::isHeaderValue);
		firewall.setAllowedParameterNames(name -> isPrintable(name, false));
		return firewall;
	}

	/** As a browser sends it: no path, no default port. */
	static String origin(URI url) {
		boolean defaultPort = url.getPort() == -1 || url.getPort() == ("https".equals(url.getScheme()) ? 443 : 80);
		return url.getScheme() + "://" + url.getHost() + (defaultPort ? "" : ":" + url.getPort());
	}

	/**
	 * Printable as Tomcat read it (ISO-8859-1), or as the UTF-8 clients send (UserAgent):
	 * a character of UTF-8 but for its first byte reads as C1 controls, a real control
	 * character is refused either way.
	 */
	static boolean isHeaderValue(String value) {
		if (isPrintable(value, true)) {
			return true;
		}
		String utf8 = UserAgent.utf8(value);
		return utf8 != null && isPrintable(utf8, true);
	}

	/** Every code point assigned and not a control character (but a tab, if allowed). */
	static boolean isPrintable(String text, boolean tabAllowed) {
		for (int i = 0; i < text.length();) {
			// printable ASCII needs no look-up (BENCHMARKS.md, "Round six")
			if (text.charAt(i) >= ' ' && text.charAt(i) < 0x7f) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (Character.getType(codePoint) == Character.UNASSIGNED
					|| (Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
