package dev.postsapi.security;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code APP_PUBLIC_URL}: where clients reach the service (https://api.example.com); when
 * set, what points clients back at the service says it, never the request's Host.
 */
@ConfigurationProperties(prefix = "app")
public record PublicUrlProperties(@Nullable URI publicUrl) {

	public PublicUrlProperties {
		if (publicUrl != null) {
			String scheme = publicUrl.getScheme();
			if (!("https".equals(scheme) || "http".equals(scheme)) || publicUrl.getHost() == null
					|| publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
				throw new IllegalArgumentException(
						"app.public-url (APP_PUBLIC_URL) must be an http(s) URL with no query, such as https://api.example.com");
			}
			publicUrl = URI.create(publicUrl.toString().replaceAll("/+$", ""));
		}
	}

}
