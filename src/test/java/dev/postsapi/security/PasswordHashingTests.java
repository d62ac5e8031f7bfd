package dev.postsapi.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Past its threads and its bounded queue, a password waits for no one: a fast 503. One
 * client's flood of passwords puts only a few hashes ahead of another's.
 */
class PasswordHashingTests {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	@Test
	void runWhenOneClientFloodsThenAnothersPasswordWaitsBehindTwoOfItsHashesPerThread() throws Exception {
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(4, 256));
		// each hash records itself as it starts, then waits for a turn the test gives
		Semaphore turns = new Semaphore(0);
		Semaphore started = new Semaphore(0);
		List<String> hashed = Collections.synchronizedList(new ArrayList<>());
		List<Thread> callers = new ArrayList<>();
		int flood = 4 * CORES + 10;
		try {
			for (int i = 0; i < flood; i++) {
				callers.add(Thread.ofVirtual()
					.start(() -> hashing.run("198.51.100.7", () -> hashed.add("flood") && take(started, turns))));
			}
			assertThat(started.tryAcquire(CORES, 10, TimeUnit.SECONDS)).isTrue();
			awaitWaiting(callers);
			Thread other = Thread.ofVirtual()
				.start(() -> hashing.run("203.0.113.9", () -> hashed.add("other") && take(started, turns)));
			callers.add(other);
			awaitWaiting(callers);
			// one hash at a time: each turn frees one thread, which takes the next off
			// the
			// queue, so the order hashed is the queue's order
			for (int turn = 0; turn <= flood; turn++) {
				turns.release();
				if (turn < flood + 1 - CORES) {
					assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the next hash started").isTrue();
				}
			}
			for (Thread caller : callers) {
				assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
			}
			// the flood's running and queued hashes, then the other client's, then the
			// rest of the flood's
			assertThat(hashed).hasSize(flood + 1);
			assertThat(hashed.indexOf("other")).as(hashed.toString()).isEqualTo(2 * CORES);
			assertThat(hashing.clients()).as("no client is kept once its passwords are done").isZero();
		}
		finally {
			turns.release(1000);
			hashing.destroy();
		}
	}

	@Test
	void runWhenOneOfAClientsHashesEndsThenItsOthersStillHoldItsSlots() throws Exception {
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(4, 256));
		Semaphore turns = new Semaphore(0);
		Semaphore started = new Semaphore(0);
		List<Thread> callers = new ArrayList<>();
		try {
			// all the client's slots: as many running as threads, as many queued
			for (int i = 0; i < 2 * CORES + 1; i++) {
				callers.add(Thread.ofVirtual().start(() -> hashing.run("198.51.100.8", () -> take(started, turns))));
			}
			assertThat(started.tryAcquire(CORES, 10, TimeUnit.SECONDS)).isTrue();
			awaitWaiting(callers);
			// one ends: the waiting one takes its slot, and the client is still known
			turns.release();
			assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
			awaitWaiting(callers);
			assertThat(hashing.clients()).isOne();
			assertThat(hashing.queued()).isEqualTo(CORES);
			// so one more waits for a slot of its own, not in the threads' queue
			callers.add(Thread.ofVirtual().start(() -> hashing.run("198.51.100.8", () -> take(started, turns))));
			awaitWaiting(callers);
			assertThat(hashing.queued()).isEqualTo(CORES);
		}
		finally {
			turns.release(1000);
			hashing.destroy();
		}
	}

	@Test
	void runWhenAsManyOfAClientsPasswordsWaitForASlotAsTheQueueHoldsThenTheNextIs503AtOnce() throws Exception {
		int queue = CORES + 1;
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(4, queue));
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		try {
			// its slots taken (running and queued), then as many waiting for one as the
			// queue holds
			for (int i = 0; i < 2 * CORES + queue; i++) {
				callers.add(Thread.ofVirtual().start(() -> hashing.run("198.51.100.9", () -> await(release))));
			}
			awaitWaiting(callers);
			CompletableFuture<Throwable> next = CompletableFuture
				.supplyAsync(() -> catchThrowable(() -> hashing.run("198.51.100.9", () -> await(release))));
			Throwable refused = next.get(5, TimeUnit.SECONDS);
			assertThat(refused).isInstanceOf(ErrorResponseException.class);
			assertThat(((ErrorResponseException) refused).getStatusCode().value()).isEqualTo(503);
		}
		finally {
			release.countDown();
			hashing.destroy();
		}
	}

	/** Says it started, then waits for its turn. */
	private static boolean take(Semaphore started, Semaphore turns) {
		started.release();
		try {
			return turns.tryAcquire(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Test
	void runWhenThreadsAndQueueAreFullThen503WithRetryAfter() throws Exception {
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(4, 1));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(CORES);
		try {
			// every thread busy
			for (int i = 0; i < CORES; i++) {
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

	/** Until every caller waits (for its hash, or for a turn to queue it) or is done. */
	private static void awaitWaiting(List<Thread> callers) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (callers.stream()
			.anyMatch((caller) -> caller.getState() != Thread.State.WAITING
					&& caller.getState() != Thread.State.TERMINATED)) {
			assertThat(System.nanoTime()).as("every caller waits").isLessThan(deadline);
			Thread.sleep(10);
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
