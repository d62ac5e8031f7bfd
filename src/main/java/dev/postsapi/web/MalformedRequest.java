package dev.postsapi.web;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * A request the server cannot even take apart: parameters with broken percent-encoding or
 * character encoding, too many of them, a parameter name the firewall refuses (a control
 * character: it checks names only when a form or query is bound, long after its filter),
 * a multipart body without a boundary or cut short. Such a request is the client's to
 * fix: 400, never a 500.
 */
final class MalformedRequest {

	static final String DETAIL = "The request's parameters or multipart body cannot be read";

	private MalformedRequest() {
	}

	static boolean isCause(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidParameterException || cause instanceof RequestRejectedException
					|| (cause instanceof MultipartException && !(cause instanceof MaxUploadSizeExceededException))) {
				return true;
			}
		}
		return false;
	}

}
