package dev.postsapi.security;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import dev.postsapi.web.Problems;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Where passwords are hashed: a thread per core, so bcrypt never holds virtual threads'
 * carriers (BENCHMARKS.md, "Round two"); past the bounded queue, a fast 503.
 */
@Component
public class PasswordHashing implements DisposableBean {

	private final ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();

	public PasswordHashing(PasswordProperties properties) {
		int cores = Runtime.getRuntime().availableProcessors();
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

	/** Runs {@code work} on a hashing thread and waits for it. */
	public <T> T run(Supplier<T> work) {
		try {
			return this.threads.submit(work::get).get();
		}
		catch (TaskRejectedException ex) {
			throw Problems.unavailable("Too many passwords are being checked; try again shortly", 1);
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

	@Override
	public void destroy() {
		this.threads.shutdown();
	}

}
