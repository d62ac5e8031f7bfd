package dev.postsapi.post;

import java.util.Set;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What the tests of the search bounds share: a caller with a post to find, and a gate
 * that holds a listing's statement while armed (a search in progress, in its
 * transaction).
 */
@IntegrationTest
@Import(SearchingIntegrationTest.GatedPostQueries.class)
abstract class SearchingIntegrationTest {

	static final Gate GATE = new Gate();

	static final Set<String> GATED_METHODS = Set.of("listAll", "listOwn");

	@Autowired
	RestTestClient client;

	String token;

	@BeforeEach
	void aPost() {
		this.token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("searcher"));
		PostsApi.create(this.client, this.token, "findable words");
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

	ExchangeResult get(String path) {
		return this.client.get().uri(path).header("Authorization", "Bearer " + this.token).exchange().returnResult();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedPostQueries {

		@Bean
		static BeanPostProcessor gatedPostQueries() {
			return GATE.before(PostQueries.class, GATED_METHODS);
		}

	}

}
