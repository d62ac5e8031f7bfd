package dev.postsapi.docs;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * swagger-core's model resolver with this API's rules for every record that goes over
 * HTTP, so that a new request or response record follows them with no annotation of its
 * own:
 * <ul>
 * <li>snake_case property names, as Jackson writes them;</li>
 * <li>{@code type: object}, and the properties in the order the record declares them
 * (Jackson's own order follows reflection, which varies from one JVM to another, and a
 * generated Java client's form methods take their parameters in this order);</li>
 * <li>a component is {@code required} unless it is {@code @Nullable} (or an
 * {@code Optional}); a {@code @Nullable} one may also be {@code null};</li>
 * <li>constraint annotations meta-annotated with {@code @Schema} (such as
 * {@code @Password}) lend it to the property, for what swagger-core cannot read from
 * them;</li>
 * <li>a {@code FooRequest} record is named {@code FooBody}: generators name an
 * operation's own parameter type {@code <OperationId>Request}, and a schema of that name
 * clashes with it ({@code VoteRequest} became {@code VoteOperationRequest}).</li>
 * </ul>
 * {@code @Schema(name = ...)} on the record still names it as it says.
 */
class RecordSchemas extends ModelResolver {

	private static final String REQUEST_SUFFIX = "Request";

	private static final String BODY_SUFFIX = "Body";

	private static final PropertyNamingStrategies.NamingBase NAMING = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

	RecordSchemas() {
		super(Json31.mapper().copy().setPropertyNamingStrategy(NAMING), new BodyNames());
	}

	@Override
	public @Nullable Schema resolve(AnnotatedType annotatedType, ModelConverterContext context,
			Iterator<ModelConverter> next) {
		Schema<?> resolved = super.resolve(annotatedType, context, next);
		Class<?> type = this._mapper.constructType(annotatedType.getType()).getRawClass();
		if (resolved == null || !type.isRecord()) {
			return resolved;
		}
		String ref = resolved.get$ref();
		Schema<?> model = (ref != null) ? context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1))
				: resolved;
		if (model != null && model.getProperties() != null) {
			followRecord(model, type);
		}
		return resolved;
	}

	private static void followRecord(Schema<?> model, Class<?> record) {
		model.setType("object");
		model.addType("object");
		Map<String, Schema> properties = model.getProperties();
		Map<String, Schema> ordered = new LinkedHashMap<>();
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			String name = propertyName(component);
			Schema<?> property = properties.get(name);
			if (property == null) {
				continue; // hidden
			}
			lendSchemaOfConstraints(component, property);
			if (isNullable(component)) {
				ordered.put(name, orNull(property));
			}
			else {
				ordered.put(name, property);
				required.add(name);
			}
		}
		properties.forEach(ordered::putIfAbsent);
		model.setProperties(ordered);
		model.setRequired(required.isEmpty() ? null : required);
	}

	private static String propertyName(RecordComponent component) {
		JsonProperty named = component.getAnnotation(JsonProperty.class);
		if (named != null && !named.value().isEmpty()) {
			return named.value();
		}
		return NAMING.translate(component.getName());
	}

	/**
	 * {@code @Nullable} of any kind (JSpecify's is a type annotation), or an Optional.
	 */
	static boolean isNullable(RecordComponent component) {
		return component.getType() == Optional.class
				|| Stream.of(component.getAnnotatedType().getAnnotations(), component.getAnnotations())
					.flatMap(Stream::of)
					.anyMatch(annotation -> annotation.annotationType().getSimpleName().equals("Nullable"));
	}

	/** The property's schema, or {@code null}. */
	private static Schema<?> orNull(Schema<?> property) {
		if (property.get$ref() != null) {
			Schema<?> none = new Schema<>();
			none.addType("null");
			Schema<?> either = new Schema<>();
			either.setOneOf(List.of(property, none));
			return either;
		}
		if (property.getTypes() != null) {
			property.addType("null");
		}
		return property;
	}

	/** What a constraint's own {@code @Schema} says and the property does not. */
	private static void lendSchemaOfConstraints(AnnotatedElement component, Schema<?> property) {
		for (Annotation annotation : component.getAnnotations()) {
			io.swagger.v3.oas.annotations.media.Schema lent = annotation.annotationType()
				.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
			if (lent == null) {
				continue;
			}
			if (property.getMinLength() == null && lent.minLength() > 0) {
				property.setMinLength(lent.minLength());
			}
			if (property.getMaxLength() == null && lent.maxLength() < Integer.MAX_VALUE) {
				property.setMaxLength(lent.maxLength());
			}
			if (property.getFormat() == null && !lent.format().isEmpty()) {
				property.setFormat(lent.format());
			}
			if (property.getDescription() == null && !lent.description().isEmpty()) {
				property.setDescription(lent.description());
			}
		}
	}

	/** {@code FooRequest} becomes {@code FooBody} (see the class comment). */
	static final class BodyNames extends TypeNameResolver {

		@Override
		protected String getNameOfClass(Class<?> type) {
			String name = super.getNameOfClass(type);
			return (name.endsWith(REQUEST_SUFFIX) && name.length() > REQUEST_SUFFIX.length())
					? name.substring(0, name.length() - REQUEST_SUFFIX.length()) + BODY_SUFFIX : name;
		}

	}

}
