package dev.postsapi.web;

import dev.postsapi.json.RequestProperties;
import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/**
 * What the servlet container does with every request: only the filters this API needs,
 * and form and multipart bodies held to the body limit.
 */
@Configuration(proxyBeanMethods = false)
class ServletFilters {

	/**
	 * Spring MVC exposes the request to the code it calls; no filter needs to do it
	 * before (BENCHMARKS.md, "Round four"). Boot adds its filter unless one is
	 * registered.
	 */
	@Bean
	static FilterRegistrationBean<RequestContextFilter> noRequestContextFilter() {
		FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
				new RequestContextFilter());
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * A multipart body (a login form) no larger than a form, in memory: Tomcat parses it
	 * when the firewall reads the parameters, before authentication and before a filter
	 * could count a chunked body's bytes. Boot's default takes 10 MB and writes every
	 * part to disk.
	 */
	@Bean
	static MultipartConfigElement multipartConfigElement(RequestProperties limits) {
		int maxFormSize = limits.maxFormSize();
		return new MultipartConfigElement("", maxFormSize, maxFormSize, maxFormSize);
	}

	/**
	 * A form body (a login) no larger than a login needs: Tomcat reads it outside the
	 * body-limit filter's reach, when the parameters are read, and holds it and its
	 * parameters until the answer, a login's wait for its hash included. At 1 MB, two
	 * hundred logins at once took the whole heap (BENCHMARKS.md, "Round thirty"). After
	 * Boot's own customizer, which sets its default of 2 MB.
	 */
	@Bean
	static WebServerFactoryCustomizer<TomcatServletWebServerFactory> formsWithinTheirLimit(RequestProperties limits) {
		int maxFormSize = limits.maxFormSize();
		return (factory) -> factory.addConnectorCustomizers((connector) -> connector.setMaxPostSize(maxFormSize));
	}

	/**
	 * SERVER_FORWARD_HEADERS_STRATEGY=framework would believe X-Forwarded-For from any
	 * client, so it does nothing here (OpenApiConfiguration); as a bad setting, it stops
	 * the start, not leaves every client looking like the proxy.
	 */
	@Bean
	static WebServerFactoryCustomizer<TomcatServletWebServerFactory> forwardedHeadersFromTrustedProxiesOnly(
			ServerProperties server) {
		if (server.getForwardHeadersStrategy() == ForwardHeadersStrategy.FRAMEWORK) {
			throw new IllegalStateException("SERVER_FORWARD_HEADERS_STRATEGY=framework is not supported: it would "
					+ "believe X-Forwarded-For from any client. Use native, with SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES "
					+ "naming your proxies");
		}
		return (factory) -> {
		};
	}

}
