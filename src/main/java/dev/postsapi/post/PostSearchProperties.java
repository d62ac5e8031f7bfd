package dev.postsapi.post;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How far searches of post text may reach ({@code POSTS_SEARCH_*}, in
 * docs/configuration.md).
 */
@ConfigurationProperties(prefix = "posts.search", ignoreUnknownFields = false)
@Validated
public record PostSearchProperties(@Min(1) int concurrency,
		@DurationMin(seconds = 1) @DurationMax(days = 1) Duration timeout) {

}
