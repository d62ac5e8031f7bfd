package dev.postsapi.web;

import java.beans.PropertyEditorSupport;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

import org.springframework.beans.PropertyEditorRegistrar;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Whole numbers and UUIDs in paths and query parameters as written in ASCII: numbers in
 * decimal digits only, as the original read them (leading zeros too), UUIDs in their
 * 36-character form. Spring's own reading also takes {@code 0x10}, {@code #10},
 * {@code +1}, {@code " 1 0"}, {@code 1-2-3-4-5} for a UUID, and other scripts' digits
 * ({@code ١}, fullwidth {@code ０} to {@code ｆ}), more paths for one post or session, each
 * past a proxy's rule or a cache's key written for the others: they are a 422, as any
 * other value that is not a number or a UUID. Editors, not converters: Spring falls back
 * on its own editor when a converter refuses a value. Added to Boot's binding
 * initializer, not in an {@code @InitBinder}, which Spring would call at every request.
 * Public for the slice tests.
 */
@Configuration(proxyBeanMethods = false)
public class AsciiValues {

	@Bean
	static BeanPostProcessor asciiValuesOnly() {
		PropertyEditorRegistrar editors = (registry) -> {
			// one a binder (an editor holds the value it read), the integer one for both
			// types
			IntegerEditor editor = new IntegerEditor();
			registry.registerCustomEditor(int.class, editor);
			registry.registerCustomEditor(Integer.class, editor);
			registry.registerCustomEditor(UUID.class, new UuidEditor());
		};
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof RequestMappingHandlerAdapter adapter && adapter
					.getWebBindingInitializer() instanceof ConfigurableWebBindingInitializer initializer) {
					PropertyEditorRegistrar[] others = Objects
						.requireNonNullElse(initializer.getPropertyEditorRegistrars(), new PropertyEditorRegistrar[0]);
					PropertyEditorRegistrar[] all = Arrays.copyOf(others, others.length + 1);
					all[others.length] = editors;
					initializer.setPropertyEditorRegistrars(all);
				}
				return bean;
			}

		};
	}

	private static final class UuidEditor extends PropertyEditorSupport {

		@Override
		public void setAsText(String text) {
			if (text.isEmpty()) {
				setValue(null); // no value, as Spring's
				return;
			}
			boolean canonical = text.length() == 36;
			for (int i = 0; canonical && i < text.length(); i++) {
				char c = text.charAt(i);
				canonical = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
						: (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			}
			if (!canonical) {
				throw new IllegalArgumentException("Not a UUID");
			}
			setValue(UUID.fromString(text));
		}

	}

	private static final class IntegerEditor extends PropertyEditorSupport {

		@Override
		public void setAsText(String text) {
			if (text.isEmpty()) {
				setValue(null); // no value, as Spring's
				return;
			}
			for (int i = (text.charAt(0) == '-') ? 1 : 0; i < text.length(); i++) {
				if (text.charAt(i) < '0' || text.charAt(i) > '9') {
					throw new IllegalArgumentException("Not a decimal integer");
				}
			}
			setValue(Integer.valueOf(text)); // a NumberFormatException past the range, or
												// "-"
		}

	}

}
