package dev.postsapi.json;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Limits on what a request may carry ({@code APP_REQUESTS_*}, in docs/configuration.md).
 */
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
		if (isEncoded(request)) {
			// read as it came, a compressed body would be parsed as if it were not
			ErrorResponseException refusal = new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
			refusal.setDetail("The request body must not be compressed (Content-Encoding)");
			refusal.getHeaders().set(HttpHeaders.ACCEPT_ENCODING, "identity");
			return refusal;
		}
		return (request.getContentLengthLong() <= this.maxBodySize.toBytes()) ? null
				: new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
						"The request body is larger than the limit of " + this.maxBodySize.toBytes() + " bytes");
	}

	/** A body with a content coding other than none (RFC 9110, section 8.4). */
	private static boolean isEncoded(HttpServletRequest request) {
		Enumeration<String> encodings = request.getHeaders(HttpHeaders.CONTENT_ENCODING);
		if (!encodings.hasMoreElements()
				|| (request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
			return false; // none, or no body to be encoded
		}
		while (encodings.hasMoreElements()) {
			for (String coding : encodings.nextElement().split(",")) {
				if (!coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
					return true;
				}
			}
		}
		return false;
	}

}
