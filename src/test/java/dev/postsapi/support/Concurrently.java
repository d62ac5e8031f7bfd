package dev.postsapi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs calls at the same moment, for the tests of races. */
public final class Concurrently {

	private Concurrently() {
	}

	/** One call of a race; {@code index} tells the callers apart. */
	public interface Call<T> {

		T run(int index) throws Exception;

	}

	/**
	 * Runs {@code count} calls on their own threads, released together; results in call
	 * order.
	 */
	public static <T> List<T> run(int count, Call<T> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<T>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			calls.add(() -> {
				start.await();
				return call.run(index);
			});
		}
		List<T> results = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
			List<Future<T>> futures = calls.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
		}
		return results;
	}

}
