package dev.postsapi.web;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Boot's health endpoint for the web, but a path whose middle names no contributor
 * ({@code /actuator/health/components/db}) is a 404: Boot 4.0.7 fails an assertion there
 * ({@code HealthEndpointSupport.getContributor}), a 500 with an ERROR and a stack trace.
 */
@Configuration(proxyBeanMethods = false)
class HealthPaths {

	/** In place of Boot's (it backs off when one exists), with Boot's arguments. */
	@Bean
	static HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry registry,
			ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry, HealthEndpointGroups groups,
			HealthEndpointProperties properties) {
		ReactiveHealthContributorRegistry fallback = reactiveRegistry.getIfAvailable();
		HealthContributors contributors = (fallback != null)
				? HealthContributors.of(registry, fallback.asHealthContributors()) : registry;
		return new HealthEndpointWebExtension(registry, fallback, groups,
				properties.getLogging().getSlowIndicatorThreshold()) {

			@Override
			public WebEndpointResponse<HealthDescriptor> health(ApiVersion apiVersion,
					@Nullable WebServerNamespace serverNamespace, SecurityContext securityContext, boolean showAll,
					String... path) {
				if (leadsNowhere(contributors, groups, serverNamespace, path)) {
					return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
				}
				return super.health(apiVersion, serverNamespace, securityContext, showAll, path);
			}

		};
	}

	/**
	 * Boot's walk down the path (after a group's name, if it starts with one): true where
	 * Boot would assert, a name left over after one that named nothing.
	 */
	static boolean leadsNowhere(HealthContributors contributors, HealthEndpointGroups groups,
			@Nullable WebServerNamespace serverNamespace, String... path) {
		boolean groupFirst = path.length > 0 && (groups.get(path[0]) != null || (serverNamespace != null
				&& groups.get(AdditionalHealthEndpointPath.of(serverNamespace, path[0])) != null));
		Object contributor = contributors;
		for (int i = groupFirst ? 1 : 0; i < path.length; i++) {
			if (contributor == null) {
				return true;
			}
			if (!(contributor instanceof HealthContributors composite)) {
				return false; // Boot answers 404 itself
			}
			contributor = composite.getContributor(path[i]);
		}
		return false;
	}

}
