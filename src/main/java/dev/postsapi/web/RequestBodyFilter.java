package dev.postsapi.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Screens request bodies before anything reads them: over the configured size they are
 * refused with 413, at once when Content-Length says so and while reading for chunked
 * bodies, which have none; with a wildcard for a content type ({@code *}/{@code *}, which
 * names no format to read) they are refused with 415.
 */
class RequestBodyFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemDetails problems;

	RequestBodyFilter(long maxBytes, ProblemDetails problems) {
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (hasWildcardContentType(request)) {
			this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The body's Content-Type must name its format, not a wildcard");
			return;
		}
		if (request.getContentLengthLong() > maxBytes) {
			// the client may still be sending: closing is cheaper than draining
			response.setHeader("Connection", "close");
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage(maxBytes));
			return;
		}
		chain.doFilter(request.getContentLengthLong() < 0 ? new LimitedRequest(request, maxBytes) : request, response);
	}

	private static boolean hasWildcardContentType(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false; // Spring MVC answers an unreadable type with 415 itself
		}
	}

	static String tooLargeMessage(long maxBytes) {
		return "The request body is larger than the limit of " + maxBytes + " bytes";
	}

	/**
	 * Thrown while reading a body of unknown length that turns out too large; answered
	 * with 413.
	 */
	static final class RequestBodyTooLargeException extends IOException {

		RequestBodyTooLargeException(long maxBytes) {
			super(tooLargeMessage(maxBytes));
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new LimitedInputStream(super.getInputStream(), maxBytes);
			}
			return stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			read += n;
			if (read > maxBytes) {
				throw new RequestBodyTooLargeException(maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			delegate.setReadListener(listener);
		}

	}

}
