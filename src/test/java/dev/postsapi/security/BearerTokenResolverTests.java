package dev.postsapi.security;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The bearer token taken without a regex, exactly where Spring's regex takes it. */
class BearerTokenResolverTests {

	/** DefaultBearerTokenResolver's own pattern. */
	private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	@Test
	void plainBearerTokenWhenAnyHeaderThenWhatSpringsPatternCaptures() {
		Random random = new Random(20261204);
		String alphabet = "aZ09-._~+/= \t:%éK\u212aBbEeAaRr";
		String[] prefixes = { "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Basic ", "", "Bearer\t",
				"beArEr " };
		for (int i = 0; i < 50_000; i++) {
			StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
			int length = random.nextInt(8);
			for (int j = 0; j < length; j++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String candidate = header.toString();
			Matcher matcher = SPRING.matcher(candidate);
			assertThat(SecurityConfiguration.plainBearerToken(candidate)).as(candidate)
				.isEqualTo(matcher.matches() ? matcher.group("token") : null);
		}
	}

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
