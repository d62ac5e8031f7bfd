package dev.postsapi.web;

import dev.postsapi.json.RequestProperties;
import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
	 * A multipart body (a login form) no larger than any other, in memory up to 1 MB:
	 * Tomcat parses it when the firewall reads the parameters, before authentication and
	 * before a filter could count a chunked body's bytes. Boot's default takes 10 MB and
	 * writes every part to disk.
	 */
	@Bean
	static MultipartConfigElement multipartConfigElement(RequestProperties limits) {
		long maxBodySize = limits.maxBodySize().toBytes();
		return new MultipartConfigElement("", maxBodySize, maxBodySize, (int) Math.min(maxBodySize, 1 << 20));
	}

	/**
	 * A form body (a login) no larger than any other: Tomcat reads it outside the
	 * body-limit filter's reach, when the parameters are read. After Boot's own
	 * customizer, which sets its default of 2 MB.
	 */
	@Bean
	static WebServerFactoryCustomizer<TomcatServletWebServerFactory> formsWithinTheBodyLimit(RequestProperties limits) {
		int maxBodySize = (int) Math.min(limits.maxBodySize().toBytes(), Integer.MAX_VALUE);
		return (factory) -> factory.addConnectorCustomizers((connector) -> connector.setMaxPostSize(maxBodySize));
	}

}
