package dev.postsapi.web;

import java.beans.PropertyEditorSupport;
import java.util.Arrays;
import java.util.Objects;

import org.springframework.beans.PropertyEditorRegistrar;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Whole numbers in paths and query parameters in ASCII decimal digits only, as the
 * original read them (leading zeros too). Spring's own reading also takes {@code 0x10},
 * {@code #10}, {@code +1}, {@code " 1 0"} and other scripts' digits ({@code ١}), more
 * paths for one post, each past a proxy's rule or a cache's key written for the others:
 * they are a 422, as any other value that is not a number. An editor, not a converter:
 * Spring falls back on its own editor when a converter refuses a number. Added to Boot's
 * binding initializer, not in an {@code @InitBinder}, which Spring would call at every
 * request. Public for the slice tests.
 */
@Configuration(proxyBeanMethods = false)
public class DecimalIntegers {

	@Bean
	static BeanPostProcessor decimalIntegersOnly() {
		PropertyEditorRegistrar editors = (registry) -> {
			// one a binder (an editor holds the value it read), for both types
			Editor editor = new Editor();
			registry.registerCustomEditor(int.class, editor);
			registry.registerCustomEditor(Integer.class, editor);
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

	private static final class Editor extends PropertyEditorSupport {

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
