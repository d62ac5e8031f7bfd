package dev.postsapi.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The bearer token as Spring's resolver takes it, and none on public paths. */
class BearerTokenResolverTests {

	@Test
	void resolveWhenMalformedOrPublicOrAbsentThenSpringsAnswer() {
		var resolver = SecurityConfiguration.bearerTokenResolver();
		assertThat(resolver.resolve(request("/posts/all", "Bearer abc.def-_~+/=="))).isEqualTo("abc.def-_~+/==");
		assertThat(resolver.resolve(request("/posts/all", null))).isNull();
		assertThat(resolver.resolve(request("/posts/all", "Basic dXNlcjpwYXNz"))).isNull();
		// a stale token on a public path is not looked at
		assertThat(resolver.resolve(request("/login", "Bearer not a token"))).isNull();
		for (String malformed : new String[] { "Bearer ", "Bearer a b", "Bearer é", "Bearerabc", "Bearer a=b" }) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class).as(malformed)
				.isThrownBy(() -> resolver.resolve(request("/posts/all", malformed)))
				.satisfies(ex -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
			assertThatExceptionOfType(OAuth2AuthenticationException.class).as(malformed)
				.isThrownBy(() -> new DefaultBearerTokenResolver().resolve(request("/posts/all", malformed)));
		}
	}

	private static MockHttpServletRequest request(String path, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		if (authorization != null) {
			request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request;
	}

}
