package dev.postsapi.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser front ends ({@code APP_CORS_*}, in
 * docs/configuration.md).
 */
@ConfigurationProperties(prefix = "app.cors", ignoreUnknownFields = false)
public record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

	public CorsProperties {
		allowedOrigins = allowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
		if (allowedOrigins.contains("*")) {
			throw new IllegalArgumentException(
					"app.cors.allowed-origins (APP_CORS_ALLOWED_ORIGINS) must list origins; '*' is not allowed");
		}
	}

}
