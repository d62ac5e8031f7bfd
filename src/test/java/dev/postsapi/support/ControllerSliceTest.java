package dev.postsapi.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.postsapi.json.JsonConfiguration;
import dev.postsapi.json.RequestProperties;
import dev.postsapi.security.CorsProperties;
import dev.postsapi.security.PublicUrlProperties;
import dev.postsapi.security.SecurityConfiguration;
import dev.postsapi.security.SigningKeys;
import dev.postsapi.web.AsciiValues;
import dev.postsapi.web.Problems;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A controller's web layer behind the real security filter chain and error handling, with
 * its services mocked by the test, and the token decoder mocked here, and the session
 * check mocked by each test (or its SessionService mock) (see {@link SliceTokens}), and
 * the signing keys mocked (the database's clock no distance from the slice's): fast, and
 * it documents the controller's auth and error rules.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({ SecurityConfiguration.class, JsonConfiguration.class, Problems.class, AsciiValues.class, SliceClock.class })
@EnableConfigurationProperties({ CorsProperties.class, RequestProperties.class, PublicUrlProperties.class })
@MockitoBean(types = { JwtDecoder.class, SigningKeys.class })
public @interface ControllerSliceTest {

	/** The controller under test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
