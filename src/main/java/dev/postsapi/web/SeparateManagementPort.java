package dev.postsapi.web;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The management port's own server ({@code MANAGEMENT_SERVER_PORT}) answers as the API's
 * does: request ids and problem details. Boot builds it in a child context that takes
 * only what {@code META-INF/spring/...ManagementContextConfiguration.imports} names, so
 * the API's filter and valve must be added here.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(SeparateManagementPort.InTheChildContext.class)
class SeparateManagementPort {

	@Bean
	FilterRegistrationBean<ApiFilter> managementApiFilter(ApiFilter apiFilter) {
		FilterRegistrationBean<ApiFilter> registration = new FilterRegistrationBean<>(apiFilter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** A valve of its own: a valve is a link in one pipeline. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementProblemErrorReportValve(Problems problems) {
		return new ProblemErrorReportValve(problems);
	}

	/**
	 * Component scanning finds this class in the application's own context too, where it
	 * must do nothing: only a context whose parent holds the API's filter is the child.
	 */
	static class InTheChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getBeanFactory() != null
					&& context.getBeanFactory().getParentBeanFactory() instanceof ListableBeanFactory parent
					&& parent.getBeanNamesForType(ApiFilter.class).length > 0;
		}

	}

}
