package dev.postsapi.security;

import dev.postsapi.user.UserService;
import dev.postsapi.web.ProblemResponseWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One stateless filter chain: bearer JWTs checked by Spring's resource-server filter, every
 * route but the public ones requiring a token, and every refusal a problem-details answer.
 * Public so that web-layer slice tests of each feature can import the real chain.
 */
@Configuration(proxyBeanMethods = false)
@Import(PasswordConfiguration.class)
public class SecurityConfiguration {

	/** Paths are matched after the trailing slash is dropped (see WebConfiguration). */
	static final RequestMatcher PUBLIC_ENDPOINTS = publicEndpoints();

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, UserService userService,
			ProblemResponseWriter problems) throws Exception {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
		ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler(problems);
		http.csrf(csrf -> csrf.disable()) // no cookies or sessions: nothing for a cross-site request to ride on
			.cors(Customizer.withDefaults())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(PUBLIC_ENDPOINTS)
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.bearerTokenResolver(bearerTokenResolver())
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied)
				.jwt(jwt -> jwt.decoder(jwtDecoder)
					.jwtAuthenticationConverter(new UserAuthenticationConverter(userService)))
				// RFC 9728 metadata, which the 401's WWW-Authenticate points to; tokens are not
				// bound to client certificates here
				.protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
						builder -> builder.tlsClientCertificateBoundAccessTokens(false))))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied));
		return http.build();
	}

	/**
	 * Login and registration with a stale token in the header must still work, so the bearer
	 * filter does not look for tokens on public endpoints (it would answer 401 otherwise).
	 */
	static BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return request -> PUBLIC_ENDPOINTS.matches(request) ? null : resolver.resolve(request);
	}

	@Bean
	UserDetailsService userDetailsService(UserService userService) {
		return new AccountUserDetailsService(userService);
	}

	/** Login's authentication: DaoAuthenticationProvider also evens out the time of unknown users. */
	@Bean
	AuthenticationManager authenticationManager(UserDetailsService userDetailsService,
			PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService);
		provider.setPasswordEncoder(passwordEncoder);
		return new ProviderManager(provider);
	}

	private static RequestMatcher publicEndpoints() {
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(path.matcher(HttpMethod.POST, "/users"), path.matcher(HttpMethod.POST, "/login"),
				path.matcher("/docs"), path.matcher("/docs/**"), path.matcher("/swagger-ui/**"),
				path.matcher("/openapi.json"), path.matcher("/openapi.json/**"), path.matcher("/redoc"),
				path.matcher("/redoc.html"), path.matcher("/webjars/**"), path.matcher("/favicon.ico"),
				path.matcher("/actuator/health"), path.matcher("/actuator/health/**"), path.matcher("/actuator/prometheus"),
				path.matcher("/error"), path.matcher("/.well-known/oauth-protected-resource"));
	}

}
