package dev.postsapi.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A look at the context's password checks: something run before each one. */
public final class PasswordChecks {

	private PasswordChecks() {
	}

	/**
	 * Wraps the context's PasswordEncoder so that {@code before} runs ahead of each
	 * check.
	 */
	public static BeanPostProcessor before(Runnable before) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof PasswordEncoder encoder)) {
					return bean;
				}
				return new PasswordEncoder() {

					@Override
					public String encode(CharSequence rawPassword) {
						return encoder.encode(rawPassword);
					}

					@Override
					public boolean matches(CharSequence rawPassword, String encodedPassword) {
						before.run();
						return encoder.matches(rawPassword, encodedPassword);
					}

				};
			}

		};
	}

}
