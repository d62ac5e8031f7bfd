package dev.postsapi.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/**
 * What the servlet container does with every request: only the filters this API needs
 * (form and multipart bodies are held to 64 KB in application.yml).
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
