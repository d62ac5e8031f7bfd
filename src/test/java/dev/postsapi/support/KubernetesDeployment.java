package dev.postsapi.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link IntegrationTest} as deployed on Kubernetes (Boot reads
 * {@code KUBERNETES_SERVICE_HOST} and {@code _PORT} as this platform) behind an ingress
 * at {@value #PUBLIC_URL} ({@code APP_PUBLIC_URL}): one context for every test of what
 * such a deployment changes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@IntegrationTest
@TestPropertySource(
		properties = { "spring.main.cloud-platform=kubernetes", "app.public-url=" + KubernetesDeployment.PUBLIC_URL })
public @interface KubernetesDeployment {

	/** Where clients reach the service. */
	String PUBLIC_URL = "https://api.example.com";

}
