package dev.postsapi.web;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics only on a management port of their own ({@code MANAGEMENT_SERVER_PORT}): they
 * show what the API's answers hide. The API port keeps health, as the contract says.
 */
@Configuration(proxyBeanMethods = false)
class ManagementPort {

	@Bean
	@ConditionalOnManagementPort(ManagementPortType.SAME)
	static EndpointFilter<ExposableWebEndpoint> noMetricsOnTheApiPort() {
		return endpoint -> !"prometheus".equals(endpoint.getEndpointId().toLowerCaseString());
	}

}
