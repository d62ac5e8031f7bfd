package dev.postsapi.support;

import java.util.function.Consumer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A look at the context's password work: something run before each check or hash. */
public final class PasswordChecks {

	private PasswordChecks() {
	}

	/**
	 * Wraps the context's PasswordEncoder so that {@code before} runs ahead of each
	 * check.
	 */
	public static BeanPostProcessor before(Runnable before) {
		return around(() -> {
		}, before);
	}

	/** The same, with {@code beforeHashing} ahead of each new hash too. */
	public static BeanPostProcessor around(Runnable beforeHashing, Runnable before) {
		return wrapping(beforeHashing, (password) -> before.run());
	}

	/**
	 * The same as {@link #before(Runnable)}, handing {@code before} the password checked.
	 */
	public static BeanPostProcessor checking(Consumer<String> before) {
		return wrapping(() -> {
		}, before);
	}

	private static BeanPostProcessor wrapping(Runnable beforeHashing, Consumer<String> before) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof PasswordEncoder encoder)) {
					return bean;
				}
				return new PasswordEncoder() {

					@Override
					public String encode(CharSequence rawPassword) {
						beforeHashing.run();
						return encoder.encode(rawPassword);
					}

					@Override
					public boolean matches(CharSequence rawPassword, String encodedPassword) {
						before.accept(rawPassword.toString());
						return encoder.matches(rawPassword, encodedPassword);
					}

				};
			}

		};
	}

}
