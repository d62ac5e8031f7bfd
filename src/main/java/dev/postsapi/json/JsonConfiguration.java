package dev.postsapi.json;

import java.lang.annotation.ElementType;
import java.util.List;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.http.MediaType;

@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

	/**
	 * What the API reads and writes besides JSON and forms: none of the formats Spring
	 * adds for libraries on the class path (swagger-core brings YAML, hibernate-core
	 * JAXB). A YAML body was read past every rule below: no size limit, no typing, no
	 * storable check (a NUL reached the database, a 500).
	 */
	private static final List<MediaType> NOT_SERVED = List.of(MediaType.APPLICATION_XML, MediaType.TEXT_XML,
			MediaType.APPLICATION_YAML, MediaType.valueOf("application/x-jackson-smile"), MediaType.APPLICATION_CBOR);

	/**
	 * The longest string the API reads, in UTF-16 units: twice the longest post (10,000
	 * characters, up to 20,000 units), so that a post over it by less than that is
	 * refused by its validation, with its message. Jackson holds a string whole while it
	 * reads it, so a body of one long string took several MB of heap per request before
	 * validation refused it (BENCHMARKS.md, "Round thirty"); past this it stops reading
	 * (a 422 naming the field).
	 */
	static final int MAX_STRING_LENGTH = 40_000;

	/** The longest key: every key the API reads is short. */
	static final int MAX_NAME_LENGTH = 1_000;

	/** Only the converters of what the API speaks: a body in another format is a 415. */
	@Bean
	static ServerHttpMessageConvertersCustomizer jsonAndFormsOnly() {
		return builder -> builder.configureMessageConvertersList(
				converters -> converters.removeIf(converter -> converter.getSupportedMediaTypes()
					.stream()
					.anyMatch(type -> NOT_SERVED.stream().anyMatch(notServed -> notServed.includes(type)))));
	}

	/**
	 * Boot's builder on a factory that stops reading past the size limit and refuses a
	 * key given twice (which a proxy or a log may read as the first, the service as the
	 * last); JSON is read as typed (a mistake is a 422 naming the field, never a
	 * conversion), strings storable.
	 */
	@Bean
	@Scope("prototype")
	JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, RequestProperties properties) {
		StreamReadConstraints limit = StreamReadConstraints.builder()
			.maxDocumentLength(properties.maxBodySize().toBytes())
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNameLength(MAX_NAME_LENGTH)
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(limit)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// an answer cut short by an error (a page's later statement) stays cut short:
			// closing the generator does not end its open array as if it were whole
			.disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
			.build());
		customizers.forEach(customizer -> customizer.customize(builder));
		// @formatter:off
		return builder
			.withCoercionConfig(LogicalType.Textual, config -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer, config -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean, config -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.addModule(new SimpleModule().addDeserializer(String.class, new Storable.Deserializer()));
		// @formatter:on
	}

	/**
	 * Bean validation of request records without asking JPA whether each property is
	 * loaded: a record is no entity (BENCHMARKS.md, "Round four").
	 */
	@Bean
	static ValidationConfigurationCustomizer traverseAllProperties() {
		return configuration -> configuration.traversableResolver(new TraversableResolver() {

			@Override
			public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path path,
					ElementType elementType) {
				return true;
			}

			@Override
			public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path path,
					ElementType elementType) {
				return true;
			}

		});
	}

}
