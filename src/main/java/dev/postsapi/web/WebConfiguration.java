package dev.postsapi.web;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CorsProperties.class, RequestLimitsProperties.class })
class WebConfiguration implements WebMvcConfigurer {

	/**
	 * First of all: every request gets its id before anything could log or answer, so
	 * every log line and every problem of the request carries it, whichever filter
	 * answers (the body limit's 413, the outage filter's 503, the security chain's 401).
	 * Also for the error dispatch, whose problem body it fills in too.
	 */
	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * The original's clients call every path with and without a trailing slash. The slash
	 * is dropped before anything that looks at the path runs (second, after the request
	 * id, which does not), so Spring Security's matchers and the controllers see one
	 * form, and both answer the same, with no redirect.
	 */
	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
		FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(
				UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Before Spring Security (order -100): a huge body is refused before a token is even
	 * checked.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(RequestLimitsProperties limits,
			ProblemDetails problems) {
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyFilter(limits.maxBodySize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Outside Spring Security (order -100), so an outage met while checking a token is a
	 * 503.
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemDetails problems) {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/** Used by Spring Security's CORS filter; with no allowed origins it allows none. */
	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.allowedOrigins());
			cors.addAllowedMethod(HttpMethod.GET);
			cors.addAllowedMethod(HttpMethod.POST);
			cors.addAllowedMethod(HttpMethod.PUT);
			cors.addAllowedMethod(HttpMethod.DELETE);
			cors.addAllowedHeader(HttpHeaders.AUTHORIZATION);
			cors.addAllowedHeader(HttpHeaders.CONTENT_TYPE);
			cors.addExposedHeader(HttpHeaders.LOCATION);
			cors.addExposedHeader(HttpHeaders.WWW_AUTHENTICATE);
			cors.addExposedHeader(HttpHeaders.RETRY_AFTER);
			cors.addExposedHeader(RequestIdFilter.HEADER);
			// bearer tokens travel in a header, never in cookies
			cors.setAllowCredentials(false);
			cors.setMaxAge(properties.maxAge());
			source.registerCorsConfiguration("/**", cors);
		}
		return source;
	}

	/**
	 * Tomcat's own error answers (before any servlet runs) as problem details. Tomcat and
	 * Boot each install an HTML error valve on the host; this one takes their place.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ProblemDetails problems) {
		return factory -> factory.addContextCustomizers(context -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new ProblemErrorReportValve(problems));
			// the host adds a valve of this class when it finds none: ours is it
			host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
		});
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
