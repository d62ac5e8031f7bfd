package dev.postsapi.limits;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.KubernetesDeployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.postsapi.support.Accounts.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Forwarded-For} is believed only from a trusted proxy: without the proxy
 * settings, or from a peer that is not the configured proxy, every attempt counts against
 * the TCP peer, whatever the header says; on Kubernetes too, where Boot would trust every
 * private address. With the default limit, the eleventh attempt is refused.
 */
class UntrustedForwardedForIntegrationTests {

	static void assertForwardedForIgnored(RestTestClient client) {
		String user = Accounts.register(client, Accounts.uniqueUserId("spoofer"));
		for (int i = 0; i < 10; i++) {
			assertThat(login(client, user, "wrong_password", "203.0.113." + i)).isEqualTo(401);
		}
		assertThat(login(client, user, Accounts.PASSWORD, "203.0.113.99")).isEqualTo(429);
	}

	private static int login(RestTestClient client, String user, String password, String forwardedFor) {
		return client.post()
			.uri("/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("username", user, "password", password))
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	@Nested
	@IntegrationTest
	class WithoutProxySettings {

		@Autowired
		RestTestClient client;

		@Test
		void loginWhenClientSendsForwardedForThenTheTcpPeerCounts() {
			assertForwardedForIgnored(this.client);
		}

	}

	@Nested
	@IntegrationTest
	@TestPropertySource(properties = { "server.forward-headers-strategy=native",
			"server.tomcat.remoteip.internal-proxies=10\\.1\\.2\\.3" })
	class FromAPeerThatIsNotTheProxy {

		@Autowired
		RestTestClient client;

		@Test
		void loginWhenClientSendsForwardedForThenTheTcpPeerCounts() {
			assertForwardedForIgnored(this.client);
		}

	}

	@Nested
	@KubernetesDeployment
	class OnKubernetes {

		@Autowired
		RestTestClient client;

		@Test
		void loginWhenClientSendsForwardedForThenTheTcpPeerCounts() {
			assertForwardedForIgnored(this.client);
		}

	}

}
