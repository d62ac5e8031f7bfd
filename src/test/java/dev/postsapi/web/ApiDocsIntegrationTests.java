package dev.postsapi.web;

import java.util.List;
import java.util.Map;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Docs and health are public and served from the service itself. */
@IntegrationTest
class ApiDocsIntegrationTests {

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
			.jsonPath("$.paths['/users/me'].get.security[0].oauth2")
			.exists()
			.jsonPath("$.paths['/users/me'].get.responses['401'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['/users'].post.responses['422'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.RegisterUserRequest.properties.user_id")
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
			.jsonPath("$.paths['/posts/feed'].get.security[0].oauth2")
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
			.jsonPath("$.components.schemas.RefreshRequest.properties.refresh_token")
			.exists()
			.jsonPath("$.paths['/logout'].post.security[0].oauth2")
			.exists()
			.jsonPath("$.paths['/logout'].post.responses['204']")
			.exists()
			.jsonPath("$.paths['/logout/all'].post.responses['204']")
			.exists()
			.jsonPath("$.paths['/users/me/password'].put.responses['403'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.PasswordChangeRequest.properties.new_password")
			.exists()
			.jsonPath("$.components.schemas.LoginForm.properties.grant_type")
			.exists()
			.jsonPath("$.paths['/login'].post.responses['429'].headers['Retry-After'].schema.type")
			.isEqualTo("integer")
			.jsonPath("$.paths['/users'].post.responses['429'].headers['Retry-After']")
			.exists()
			.jsonPath("$.paths['/users/me/password'].put.responses['429'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.VoteRequest.properties.dir")
			.exists();
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
