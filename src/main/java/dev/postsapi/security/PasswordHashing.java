package dev.postsapi.security;

import java.util.function.Supplier;

/**
 * Checks around each password comparison, run on the hashing thread itself (passwords are
 * hashed on threads of their own, one per core, in the order they come): the latest
 * moment at which an attempt can still be refused without spending bcrypt's time on it,
 * and the first at which its outcome is known. Brute-force limits use it, so that a burst
 * of attempts admitted together is refused as soon as a limit is reached, however long
 * the queue, and no more passwords are compared past it than there are hashing threads.
 */
public final class PasswordHashing {

	static final ScopedValue<Checks> CHECKS = ScopedValue.newInstance();

	private PasswordHashing() {
	}

	/**
	 * Runs {@code work}; every password comparison in it is surrounded by {@code checks}.
	 * An exception from {@link Checks#beforeComparing()} ends {@code work} instead.
	 */
	public static <T> T checked(Checks checks, Supplier<T> work) {
		return ScopedValue.where(CHECKS, checks).call(work::get);
	}

	/** What to do on the hashing thread, before and after a password is compared. */
	public interface Checks {

		/** May refuse the comparison by throwing. */
		void beforeComparing();

		void afterComparing(boolean matched);

	}

}
