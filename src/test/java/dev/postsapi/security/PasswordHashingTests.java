package dev.postsapi.security;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Past its threads and its bounded queue, a password waits for no one: a fast 503. */
class PasswordHashingTests {

	@Test
	void runWhenThreadsAndQueueAreFullThen503WithRetryAfter() throws Exception {
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(4, 1));
		CountDownLatch release = new CountDownLatch(1);
		int cores = Runtime.getRuntime().availableProcessors();
		CountDownLatch running = new CountDownLatch(cores);
		try {
			// every thread busy
			for (int i = 0; i < cores; i++) {
				Thread.ofVirtual().start(() -> hashing.run(() -> {
					running.countDown();
					return await(release);
				}));
			}
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			// and one more waiting in the queue, its caller waiting for it
			Thread queued = Thread.ofVirtual().start(() -> hashing.run(() -> await(release)));
			while (queued.getState() != Thread.State.WAITING) {
				Thread.sleep(10);
			}
			ErrorResponseException busy = catchThrowableOfType(ErrorResponseException.class,
					() -> hashing.run(() -> "hash"));
			assertThat(busy).isNotNull();
			assertThat(busy.getStatusCode().value()).isEqualTo(503);
			assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(busy.getBody().getDetail()).isEqualTo("Too many passwords are being checked; try again shortly");
		}
		finally {
			release.countDown();
			hashing.destroy();
		}
	}

	private static boolean await(CountDownLatch release) {
		try {
			return release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
