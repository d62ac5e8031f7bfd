package dev.postsapi.json;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ResponseStatusException;

/** Limits on what a request may carry ({@code APP_REQUESTS_*}, in the README). */
@ConfigurationProperties(prefix = "app.requests", ignoreUnknownFields = false)
public record RequestProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	public RequestProperties {
		if (maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException(
					"app.requests.max-body-size (APP_REQUESTS_MAX_BODY_SIZE) must be positive");
		}
	}

	/** Why a body is refused unread, or null; a chunked one is measured as read. */
	public @Nullable ErrorResponseException refusal(HttpServletRequest request) {
		try {
			if (request.getContentType() != null
					&& MediaType.parseMediaType(request.getContentType()).isWildcardSubtype()) {
				return new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						"The body's Content-Type must name its format, not a wildcard");
			}
		}
		catch (InvalidMediaTypeException ex) {
			// Spring MVC answers an unreadable type with 415 itself
		}
		return (request.getContentLengthLong() <= this.maxBodySize.toBytes()) ? null
				: new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
						"The request body is larger than the limit of " + this.maxBodySize.toBytes() + " bytes");
	}

}
