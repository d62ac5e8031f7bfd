package dev.postsapi.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import dev.postsapi.web.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Where passwords are hashed: a thread per core, so bcrypt never holds virtual threads'
 * carriers (BENCHMARKS.md, "Round two"); past the bounded queue, a fast 503. Each client
 * has at most two hashes per thread queued or running, and the rest of its passwords wait
 * their turn outside the queue: one client sending logins as fast as it can (its right
 * password is not limited) keeps every thread busy when it is alone, and puts no more
 * than those few hashes ahead of anybody else's.
 */
@Component
public class PasswordHashing implements DisposableBean {

	private final ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();

	private final int queueCapacity;

	private final int slotsPerClient;

	/** The clients with passwords being hashed or waiting, and their slots. */
	private final Map<String, ClientSlots> clients = new ConcurrentHashMap<>();

	public PasswordHashing(PasswordProperties properties) {
		int cores = Runtime.getRuntime().availableProcessors();
		this.queueCapacity = properties.hashingQueue();
		this.slotsPerClient = 2 * cores;
		this.threads.setCorePoolSize(cores);
		this.threads.setMaxPoolSize(cores);
		this.threads.setQueueCapacity(properties.hashingQueue());
		this.threads.setThreadNamePrefix("password-hashing-");
		this.threads.setDaemon(true);
		this.threads.setTaskDecorator(task -> {
			Map<String, String> context = MDC.getCopyOfContextMap(); // the request id
			return () -> {
				MDC.setContextMap((context != null) ? context : Map.of());
				try {
					task.run();
				}
				finally {
					MDC.clear();
				}
			};
		});
		this.threads.initialize();
	}

	/**
	 * Runs {@code work} on a hashing thread for {@code client} (what the limits count of
	 * its address; null for the service's own work) and waits for it. As many of one
	 * client's passwords may wait for a slot as the queue holds; past that, a fast 503.
	 */
	public <T> T run(@Nullable String client, Supplier<T> work) {
		if (client == null) {
			return run(work);
		}
		ClientSlots slots = this.clients.compute(client,
				(key, existing) -> ((existing != null) ? existing : new ClientSlots(this.slotsPerClient)).join());
		try {
			if (slots.getQueueLength() >= this.queueCapacity) {
				throw busy();
			}
			slots.acquireUninterruptibly();
			try {
				return run(work);
			}
			finally {
				slots.release();
			}
		}
		finally {
			this.clients.computeIfPresent(client, (key, existing) -> existing.leave());
		}
	}

	/** Runs {@code work} on a hashing thread and waits for it. */
	public <T> T run(Supplier<T> work) {
		try {
			return this.threads.submit(work::get).get();
		}
		catch (TaskRejectedException ex) {
			throw busy();
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("Password hashing failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while hashing a password", ex);
		}
	}

	/** How many clients have passwords being hashed or waiting. */
	int clients() {
		return this.clients.size();
	}

	/** How many passwords wait in the queue for a hashing thread. */
	int queued() {
		return this.threads.getQueueSize();
	}

	private static ErrorResponseException busy() {
		return Problems.unavailable("Too many passwords are being checked; try again shortly", 1);
	}

	@Override
	public void destroy() {
		this.threads.shutdown();
	}

	/**
	 * A client's slots, and how many of its calls hold or wait for one: the last to leave
	 * removes them (its count changes only in the map's compute, one key at a time).
	 */
	private static final class ClientSlots extends Semaphore {

		private int calls;

		ClientSlots(int slots) {
			super(slots, true);
		}

		ClientSlots join() {
			this.calls++;
			return this;
		}

		@Nullable ClientSlots leave() {
			return (--this.calls == 0) ? null : this;
		}

	}

}
