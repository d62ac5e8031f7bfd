package dev.postsapi.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may carry ({@code APP_REQUESTS_*}).
 *
 * @param maxBodySize larger request bodies are refused with 413 before they are read
 */
@ConfigurationProperties(prefix = "app.requests", ignoreUnknownFields = false)
public record RequestProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	public RequestProperties {
		if (maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException(
					"app.requests.max-body-size (APP_REQUESTS_MAX_BODY_SIZE) must be positive");
		}
	}

}
