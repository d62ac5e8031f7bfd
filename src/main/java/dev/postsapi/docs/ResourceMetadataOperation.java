package dev.postsapi.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.postsapi.security.SecurityConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.core.Ordered;

/**
 * The protected resource metadata (RFC 9728) that every 401's {@code WWW-Authenticate}
 * points to: Spring Security's filter serves it, not a controller, so springdoc cannot
 * find it. Before {@link DocumentConventions}, which gives it what every operation has.
 */
class ResourceMetadataOperation implements OpenApiCustomizer, Ordered {

	static final String SCHEMA = "ProtectedResourceMetadata";

	/** In the order the filter writes the fields, the same bytes on every JVM. */
	private static final Map<String, Object> EXAMPLE = new LinkedHashMap<>();

	static {
		EXAMPLE.put("resource", "https://api.example.com");
		EXAMPLE.put("bearer_methods_supported", List.of("header"));
		EXAMPLE.put("tls_client_certificate_bound_access_tokens", false);
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents()
			.addSchemas(SCHEMA, new ObjectSchema().description("Protected resource metadata (RFC 9728)")
				.addProperty("resource",
						new StringSchema().format("uri")
							.description("This service's URL: APP_PUBLIC_URL, else the one the request named"))
				.addProperty("bearer_methods_supported",
						new ArraySchema().items(new StringSchema()._enum(List.of("header")))
							.description("How to send the access token: in the Authorization header"))
				.addProperty("tls_client_certificate_bound_access_tokens",
						new BooleanSchema().description("false: tokens are not bound to a client certificate"))
				.required(
						List.of("resource", "bearer_methods_supported", "tls_client_certificate_bound_access_tokens")));
		Operation operation = new Operation().operationId("protectedResourceMetadata")
			.addTagsItem("Authentication")
			.summary("What a client needs to call this service with a token (RFC 9728)")
			.description("Where every 401's WWW-Authenticate points (resource_metadata).")
			.responses(new ApiResponses().addApiResponse("200",
					new ApiResponse().description("The metadata")
						.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))
									.example(EXAMPLE)))));
		openApi.getPaths().addPathItem(SecurityConfiguration.METADATA_PATH, new PathItem().get(operation));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
