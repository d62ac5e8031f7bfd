package dev.postsapi.web;

import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	/** First of all, so every log line and every answer of the request has its id. */
	@Bean
	FilterRegistrationBean<ApiFilter> apiFilter(RequestProperties properties, Problems problems) {
		FilterRegistrationBean<ApiFilter> registration = new FilterRegistrationBean<>(
				new ApiFilter(properties.maxBodySize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Every path answers with and without a trailing slash, with no redirect: the slash
	 * is dropped before Spring Security's matchers and the controllers see the path.
	 */
	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
		FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(
				UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** Tomcat's own error answers, before any servlet runs, as problem details. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(Problems problems) {
		return factory -> factory.addContextCustomizers(context -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new ProblemErrorReportValve(problems));
			host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
		});
	}

	/**
	 * Boot's builder, on a factory that stops reading a JSON body past the size limit,
	 * reading JSON as it is typed: a string field takes only a string, an integer field
	 * only an integer, so a client's mistake is a 422 naming the field, never a silent
	 * conversion; and every string must be {@link Storable}.
	 */
	@Bean
	@Scope("prototype")
	JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, RequestProperties properties) {
		StreamReadConstraints limit = StreamReadConstraints.builder()
			.maxDocumentLength(properties.maxBodySize().toBytes())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limit).build());
		customizers.forEach(customizer -> customizer.customize(builder));
		// @formatter:off
		return builder
			.withCoercionConfig(LogicalType.Textual, config -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer, config -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.addModule(new SimpleModule().addDeserializer(String.class, new Storable.Deserializer()));
		// @formatter:on
	}

}
