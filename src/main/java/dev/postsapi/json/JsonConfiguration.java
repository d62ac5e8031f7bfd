package dev.postsapi.json;

import java.lang.annotation.ElementType;
import java.util.List;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

	/**
	 * Boot's builder on a factory that stops reading past the size limit; JSON is read as
	 * typed (a mistake is a 422 naming the field, never a conversion), strings storable.
	 */
	@Bean
	@Scope("prototype")
	JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, RequestProperties properties) {
		StreamReadConstraints limit = StreamReadConstraints.builder()
			.maxDocumentLength(properties.maxBodySize().toBytes())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limit).build());
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
