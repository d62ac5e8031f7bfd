package dev.postsapi.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser front ends ({@code APP_CORS_*}); none by default.
 *
 * @param allowedOrigins exact origins such as {@code https://app.example.com}; not *
 * @param maxAge how long browsers may cache a preflight answer
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
