package dev.postsapi.web;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A text parameter given twice ({@code search=a&search=b}) is a 422, as a number given
 * twice is (AsciiValues): Spring would read the two joined by a comma, a search for
 * {@code a,b} that neither value asked for.
 */
@Configuration(proxyBeanMethods = false)
class SingleValueParameters implements WebMvcConfigurer {

	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String[].class, String.class, new Converter<String[], @Nullable String>() {

			@Override
			public @Nullable String convert(String[] values) {
				if (values.length > 1) {
					throw new IllegalArgumentException("Given more than once");
				}
				return (values.length == 1) ? values[0] : null;
			}

		});
	}

}
