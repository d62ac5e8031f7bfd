package dev.postsapi.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.postsapi.security.SecurityConfiguration;
import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/** Docs and health are public and served from the service itself. */
@IntegrationTest
class ApiDocsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RestTestClient client;

	@Test
	void openApiThenEndpointsInSnakeCaseWithPasswordFlow() {
		client.get()
			.uri("/openapi.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/users'].post")
			.exists()
			.jsonPath("$.paths['/login'].post.requestBody.content['application/x-www-form-urlencoded']")
			.exists()
			.jsonPath("$.paths['/users/me'].get.security[*].oauth2")
			.exists()
			.jsonPath("$.paths['/users/me'].get.responses['401'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['/users'].post.responses['422'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.RegisterUserBody.properties.user_id")
			.exists()
			.jsonPath("$.components.schemas.UserProfile.properties.created_at")
			.exists()
			.jsonPath("$.components.schemas.TokenResponse.properties.access_token")
			.exists()
			.jsonPath("$.components.securitySchemes.oauth2.flows.password.tokenUrl")
			.isEqualTo("/login")
			.jsonPath("$.paths['/posts/all'].get.parameters[*].name")
			.value(names -> assertThat((List<?>) names).map(Object::toString)
				.containsExactlyInAnyOrder("limit", "offset", "search"))
			.jsonPath("$.paths['/posts/feed'].get.security[*].token")
			.exists()
			.jsonPath("$.paths['/posts'].post.responses['201']")
			.exists()
			.jsonPath("$.paths['/posts/{post_id}'].put.responses['403'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['/posts/{post_id}'].delete.responses['404']")
			.exists()
			.jsonPath("$.paths['/vote'].post.responses['409'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.PostResponse.properties.votes")
			.exists()
			.jsonPath("$.components.schemas.TokenResponse.properties.refresh_token")
			.exists()
			.jsonPath("$.components.securitySchemes.oauth2.flows.password.refreshUrl")
			.isEqualTo("/login")
			.jsonPath("$.paths['/token/refresh'].post.requestBody.content['application/json']")
			.exists()
			.jsonPath("$.paths['/token/refresh'].post.responses['401'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.RefreshBody.properties.refresh_token")
			.exists()
			.jsonPath("$.paths['/logout'].post.security[*].token")
			.exists()
			.jsonPath("$.paths['/logout'].post.responses['204']")
			.exists()
			.jsonPath("$.paths['/logout/all'].post.responses['204']")
			.exists()
			.jsonPath("$.paths['/users/me/password'].put.responses['403'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.PasswordChangeBody.properties.new_password")
			.exists()
			.jsonPath("$.components.schemas.LoginForm.properties.grant_type")
			.exists()
			.jsonPath("$.paths['/login'].post.responses['429'].headers['Retry-After'].$ref")
			.isEqualTo("#/components/headers/Retry-After")
			.jsonPath("$.components.headers['Retry-After'].schema.type")
			.isEqualTo("integer")
			.jsonPath("$.paths['/users'].post.responses['429'].headers['Retry-After']")
			.exists()
			.jsonPath("$.paths['/users/me/password'].put.responses['429'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.VoteBody.properties.dir")
			.exists()
			.jsonPath("$.components.securitySchemes.token.scheme")
			.isEqualTo("bearer")
			.jsonPath("$.paths['/users'].post.security")
			.isEmpty()
			.jsonPath("$.paths['/login'].post.security")
			.isEmpty()
			.jsonPath("$.servers[*].url")
			.isEqualTo(List.of("/"));
	}

	/**
	 * The rules every route gets from docs/DocumentConventions and docs/RecordSchemas,
	 * checked on every operation and schema, so that a route added later is held to them
	 * too.
	 */
	@Test
	void openApiThenEveryOperationAndSchemaFollowsTheConventions() {
		JsonNode api = JSON.readTree(
				client.get().uri("/openapi.json").exchange().expectBody(String.class).returnResult().getResponseBody());
		List<String> operationParameterTypes = new ArrayList<>();
		api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
			JsonNode operation = entry.getValue();
			String where = entry.getKey() + " " + path.getKey();
			String id = operation.path("operationId").asString();
			operationParameterTypes.add(Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Request");
			assertThat(operation.has("security")).as("%s states its security", where).isTrue();
			boolean isPublic = operation.path("security").isEmpty();
			assertThat(isPublic).as("%s is public exactly when the security chain lets it through", where)
				.isEqualTo(SecurityConfiguration.PUBLIC_PATHS.stream()
					.anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern)
						.matches(PathContainer.parsePath(path.getKey()))));
			operation.path("responses").properties().forEach(response -> {
				String code = response.getKey();
				JsonNode headers = response.getValue().path("headers");
				assertThat(headers.has("X-Request-Id")).as("%s %s: X-Request-Id", where, code).isTrue();
				if (code.equals("401")) {
					assertThat(headers.has("WWW-Authenticate")).as("%s 401: WWW-Authenticate", where).isTrue();
				}
				if (code.equals("429") || code.equals("503")) {
					assertThat(headers.has("Retry-After")).as("%s %s: Retry-After", where, code).isTrue();
				}
				if (code.startsWith("4") || code.startsWith("5")) {
					assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asString())
						.as("%s %s: a problem", where, code)
						.endsWith("/Problem");
				}
			});
			if (!isPublic) {
				assertThat(operation.path("responses").has("401")).as("%s: 401", where).isTrue();
			}
		}));
		api.path("components").path("schemas").properties().forEach(schema -> {
			assertThat(operationParameterTypes).as("a schema named as a generator names an operation's parameters")
				.doesNotContain(schema.getKey());
			if (schema.getValue().has("properties")) {
				assertThat(schema.getValue().path("type").asString()).as("%s: type", schema.getKey())
					.isEqualTo("object");
				schema.getValue().path("properties").properties().forEach(property -> {
					if (property.getValue().path("type").isString()
							&& property.getValue().path("type").asString().equals("integer")
							&& property.getValue().has("enum")) {
						assertThat(property.getValue().has("x-enum-varnames"))
							.as("%s.%s: names for its values", schema.getKey(), property.getKey())
							.isTrue();
					}
				});
			}
		});
	}

	@Test
	void openApiWhenForgotPasswordThenItsExampleIsTheAnswer() {
		Map<?, ?> answer = client.post()
			.uri("/password/forgot")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", Accounts.uniqueUserId("nobody") + "@example.com"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		client.get()
			.uri("/openapi.json")
			.exchange()
			.expectBody()
			.jsonPath("$.components.schemas.ForgotPasswordResponse.properties.message.example")
			.isEqualTo(answer.get("message"));
	}

	@Test
	void openApiThenNoCamelCaseProperties() {
		Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) client.get()
			.uri("/openapi.json")
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("components")).get("schemas");
		schemas.values().forEach(schema -> {
			Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) schema).get("properties");
			if (properties != null) {
				assertThat(properties.keySet()).allSatisfy(name -> assertThat(name.toString()).matches("[a-z_]+"));
			}
		});
	}

	@Test
	void docsWithOrWithoutTrailingSlashThenSwaggerUiItselfNoRedirect() {
		for (String path : List.of("/docs", "/docs/")) {
			client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.TEXT_HTML)
				// a link followed from the page tells the next site nothing
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectBody(String.class)
				.value(html -> assertThat(html).contains("<div id=\"swagger-ui\">")
					.contains("/swagger-ui/swagger-initializer.js")
					.doesNotContain("https://"));
		}
		client.get()
			.uri("/swagger-ui/swagger-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(script -> assertThat(script).contains("/openapi.json"));
	}

	@Test
	void swaggerUiWhenForwardedHeadersComeFromNoTrustedProxyThenIgnored() {
		for (String path : List.of("/openapi.json/swagger-config", "/openapi.json/swagger-config/",
				"/swagger-ui/swagger-initializer.js")) {
			client.get()
				.uri(path)
				.header("X-Forwarded-Host", "evil.example")
				.header("X-Forwarded-Proto", "https")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(body -> assertThat(body).as(path).doesNotContain("evil.example"));
			// unparseable, they were a 500 logging every header of the request
			client.get()
				.uri(path)
				.header("X-Forwarded-Port", "x")
				.header("Forwarded", "host=a:b")
				.exchange()
				.expectStatus()
				.isOk();
		}
		client.get()
			.uri("/openapi.json/swagger-config")
			.header("X-Forwarded-Host", "evil.example")
			.exchange()
			.expectBody()
			.jsonPath("$.oauth2RedirectUrl")
			.value(url -> assertThat(url.toString()).startsWith("http://localhost:"));
		// springdoc's redirect to the page, which needs a token, in either form
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("docs"));
		for (String path : List.of("/swagger-ui.html", "/swagger-ui.html/")) {
			client.get()
				.uri(path)
				.header("Authorization", "Bearer " + token)
				.header("X-Forwarded-Host", "evil.example")
				.exchange()
				.expectStatus()
				.isFound()
				.expectHeader()
				.value("Location", location -> assertThat(location).as(path).doesNotContain("evil.example"));
			client.get()
				.uri(path)
				.header("Authorization", "Bearer " + token)
				.header("X-Forwarded-Port", "x")
				.exchange()
				.expectStatus()
				.isFound();
		}
	}

	@Test
	void redocThenServedWithItsScriptFromTheJar() {
		for (String path : List.of("/redoc", "/redoc/")) {
			client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(html -> assertThat(html).contains("spec-url=\"/openapi.json\"")
					.contains("/webjars/redoc/2.1.4/bundles/redoc.standalone.js")
					.doesNotContain("cdn"));
		}
		client.get().uri("/webjars/redoc/2.1.4/bundles/redoc.standalone.js").exchange().expectStatus().isOk();
	}

	@Test
	void healthWhenNoTokenThenPublicAndUp() {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			client.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		}
	}

}
