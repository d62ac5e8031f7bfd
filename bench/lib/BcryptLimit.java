import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * bcrypt verifications per second with Spring Security's BCrypt (the one this service's
 * BCryptPasswordEncoder uses), in N threads (default: all cores), after a JIT warm-up.
 * Run by bench/bcrypt_limit.sh as a single-file program:
 * {@code java -cp spring-security-crypto.jar BcryptLimit.java SECONDS THREADS COST}.
 */
public class BcryptLimit {

	static final String PASSWORD = "bench-password-12345";

	public static void main(String[] args) throws Exception {
		double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
		int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
		int cost = args.length > 2 ? Integer.parseInt(args[2]) : 12;
		String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt("$2b", cost));
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		// warm-up: the JIT compiles the bcrypt loop during the first verifications
		run(pool, threads, hash, Math.min(2.0, seconds / 2));
		double rate = run(pool, threads, hash, seconds);
		pool.shutdown();
		System.out.printf("java %s Spring BCrypt, cost %d: %.2f verifications/s with %d threads (%.2f per thread)%n",
				Runtime.version(), cost, rate, threads, rate / threads);
	}

	static double run(ExecutorService pool, int threads, String hash, double seconds) throws Exception {
		long nanos = (long) (seconds * 1e9);
		List<Callable<double[]>> tasks = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			tasks.add(() -> {
				long start = System.nanoTime();
				long n = 0;
				while (System.nanoTime() - start < nanos) {
					if (!BCrypt.checkpw(PASSWORD, hash)) {
						throw new IllegalStateException("checkpw failed");
					}
					n++;
				}
				return new double[] { n, (System.nanoTime() - start) / 1e9 };
			});
		}
		double rate = 0;
		for (Future<double[]> f : pool.invokeAll(tasks)) {
			double[] r = f.get();
			rate += r[0] / r[1];
		}
		return rate;
	}

}
