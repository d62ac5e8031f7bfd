package dev.postsapi.security;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes passwords on a few platform threads of their own, one per core, in the order the
 * requests came. Requests run on virtual threads, which the JVM does not preempt: a tenth
 * of a second of bcrypt (a native call, besides) would hold one of the few carrier
 * threads and stall every other request behind it. Here the waiting request lets its
 * carrier go, the operating system shares the cores between hashing and everything else,
 * and logins are served first come, first served. The request's logging context (its
 * request id) goes along, so what is logged while hashing is logged as the request's.
 */
final class OffloadedPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final ThreadPoolExecutor hashing;

	OffloadedPasswordEncoder(PasswordEncoder delegate, int threads) {
		this.delegate = delegate;
		this.hashing = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				Thread.ofPlatform().name("password-hashing-", 1).daemon().factory());
		// idle threads end, so a context that closes leaves none behind
		this.hashing.allowCoreThreadTimeOut(true);
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return run(() -> this.delegate.encode(rawPassword));
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		PasswordHashing.Checks checks = PasswordHashing.CHECKS.isBound() ? PasswordHashing.CHECKS.get() : null;
		Boolean matches = run(() -> {
			if (checks != null) {
				checks.beforeComparing();
			}
			boolean matched = this.delegate.matches(rawPassword, encodedPassword);
			if (checks != null) {
				checks.afterComparing(matched);
			}
			return matched;
		});
		return Boolean.TRUE.equals(matches);
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	private <T> T run(Callable<T> work) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		try {
			return this.hashing.submit(() -> inContext(context, work)).get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Password hashing failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while hashing a password", ex);
		}
	}

	private static <T> T inContext(@Nullable Map<String, String> context, Callable<T> work) throws Exception {
		if (context == null) {
			return work.call();
		}
		MDC.setContextMap(context);
		try {
			return work.call();
		}
		finally {
			MDC.clear();
		}
	}

}
