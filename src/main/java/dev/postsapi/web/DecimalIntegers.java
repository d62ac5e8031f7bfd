package dev.postsapi.web;

import java.beans.PropertyEditorSupport;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.support.FormattingConversionService;
import org.springframework.validation.Validator;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;

/**
 * Whole numbers in paths and query parameters in ASCII decimal digits only, as the
 * original read them. Spring's own reading also takes {@code 0x10}, {@code #10},
 * {@code +1}, {@code " 1 0"} and other scripts' digits ({@code ١}), so that many paths
 * named one post, each past a proxy's rule or a cache's key written for the others: they
 * are a 422, as any other value that is not a number. An editor, not a converter: Spring
 * falls back on its own editor when a converter refuses a number.
 */
@Configuration(proxyBeanMethods = false)
class DecimalIntegers {

	/** Boot's initializer (its conversion service and validator), and this editor. */
	@Bean
	static ConfigurableWebBindingInitializer decimalIntegersOnly(
			@Qualifier("mvcConversionService") FormattingConversionService conversionService,
			@Qualifier("mvcValidator") Validator validator) {
		ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
		initializer.setConversionService(conversionService);
		initializer.setValidator(validator);
		initializer.setPropertyEditorRegistrar(registry -> {
			registry.registerCustomEditor(int.class, new Editor());
			registry.registerCustomEditor(Integer.class, new Editor());
		});
		return initializer;
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
