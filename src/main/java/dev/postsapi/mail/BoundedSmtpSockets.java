package dev.postsapi.mail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.SocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Connections to the SMTP server that bound the whole conversation, where JavaMail bounds
 * each read only: at most {@link #DEADLINE} from connecting, and at most
 * {@link #MAX_READ_BYTES} from the server. A server that drips a reply line every few
 * seconds held the mail's transaction, and the rows a deletion of its account waits for,
 * without end; one answering with endless lines filled the heap and stopped the JVM, on
 * every instance that took the mail up. Either now fails that one send, which is retried
 * as any failed send is. JavaMail makes it by name ({@code mail.smtp.socketFactory.class}
 * in application.yml); TLS, STARTTLS's and SMTPS's, is layered over these sockets (for
 * {@code spring.mail.protocol=smtps} JavaMail reads {@code mail.smtps.*} instead). The
 * name lookup and the writes (each bounded by JavaMail) fall outside the deadline.
 */
public final class BoundedSmtpSockets extends SocketFactory {

	/** Far over a working server's conversation, and under the mails' staleness (2 m). */
	static final Duration DEADLINE = Duration.ofSeconds(60);

	/** A conversation's replies are a few hundred bytes. */
	static final long MAX_READ_BYTES = 1024 * 1024;

	private static final BoundedSmtpSockets DEFAULT = new BoundedSmtpSockets(DEADLINE, MAX_READ_BYTES);

	private final Duration deadline;

	private final long maxReadBytes;

	BoundedSmtpSockets(Duration deadline, long maxReadBytes) {
		this.deadline = deadline;
		this.maxReadBytes = maxReadBytes;
	}

	/** What JavaMail calls to make the factory it is given by name. */
	public static SocketFactory getDefault() {
		return DEFAULT;
	}

	@Override
	public Socket createSocket() {
		return new BoundedSocket(System.nanoTime() + this.deadline.toNanos(), this.maxReadBytes);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket connected(InetSocketAddress remote, @Nullable InetSocketAddress local) throws IOException {
		Socket socket = createSocket();
		if (local != null) {
			socket.bind(local);
		}
		socket.connect(remote, (int) this.deadline.toMillis());
		return socket;
	}

	private final class BoundedSocket extends Socket {

		private final long deadlineNanos;

		private final long maxReadBytes;

		/** The read timeout JavaMail set (0: none), under the deadline. */
		private volatile int readTimeoutMillis;

		private @Nullable InputStream input;

		BoundedSocket(long deadlineNanos, long maxReadBytes) {
			this.deadlineNanos = deadlineNanos;
			this.maxReadBytes = maxReadBytes;
		}

		@Override
		public void setSoTimeout(int timeout) throws SocketException {
			this.readTimeoutMillis = timeout;
			super.setSoTimeout(timeout);
		}

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			if (this.input == null) {
				this.input = new BoundedInput(super.getInputStream());
			}
			return this.input;
		}

		private final class BoundedInput extends FilterInputStream {

			private long read;

			BoundedInput(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				beforeRead();
				try {
					int value = super.read();
					counted((value >= 0) ? 1 : 0);
					return value;
				}
				catch (SocketTimeoutException ex) {
					throw pastDeadlineOr(ex);
				}
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				beforeRead();
				try {
					return counted(super.read(bytes, offset, length));
				}
				catch (SocketTimeoutException ex) {
					throw pastDeadlineOr(ex);
				}
			}

			/** The next read waits no longer than is left of the conversation. */
			private void beforeRead() throws IOException {
				long leftMillis = leftMillis();
				if (leftMillis <= 0) {
					throw pastDeadlineOr(null);
				}
				int timeout = BoundedSocket.this.readTimeoutMillis;
				BoundedSocket.super.setSoTimeout(
						(int) Math.min((timeout == 0) ? Integer.MAX_VALUE : timeout, leftMillis));
			}

			private long leftMillis() {
				return Duration.ofNanos(BoundedSocket.this.deadlineNanos - System.nanoTime()).toMillis();
			}

			private SocketTimeoutException pastDeadlineOr(@Nullable SocketTimeoutException readTimeout) {
				return (readTimeout != null && leftMillis() > 0) ? readTimeout : new SocketTimeoutException(
						"The SMTP conversation took longer than " + BoundedSmtpSockets.this.deadline);
			}

			private int counted(int bytes) throws IOException {
				this.read += Math.max(bytes, 0);
				if (this.read > BoundedSocket.this.maxReadBytes) {
					throw new IOException(
							"The SMTP server sent more than " + BoundedSocket.this.maxReadBytes + " bytes");
				}
				return bytes;
			}

		}

	}

}
