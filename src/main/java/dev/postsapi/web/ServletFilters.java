package dev.postsapi.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;

/** Only the servlet filters this API needs run on every request. */
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

}
