package dev.postsapi.post;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing costs a fixed number of SQL statements, whatever the page size: no query per
 * post.
 */
@IntegrationTest
@TestPropertySource(properties = "spring.jpa.properties.hibernate.generate_statistics=true")
class PostListingStatementCountIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Test
	void listWhenPageOf100ThenNoMoreStatementsThanPageOf2() {
		String author = Accounts.uniqueUserId("prolific");
		String token = Accounts.registerAndLogin(client, author);
		String voterToken = Accounts.registerAndLogin(client, Accounts.uniqueUserId("fan"));
		jdbc.update("insert into posts (post_data, user_id) select 'post ' || n, ? from generate_series(1, 100) n",
				author);
		// every post gets a vote, so counting them has work to do
		String voter = jdbc.queryForObject("select user_id from users where user_id like 'fan_%' limit 1",
				String.class);
		jdbc.update("insert into votes (user_id, post_id) select ?, post_id from posts where user_id = ?", voter,
				author);

		for (String listing : new String[] { "/posts/all", "/posts/feed" }) {
			String listingToken = listing.equals("/posts/all") ? token : voterToken;
			long small = statementsFor(listing + "?limit=2", listingToken);
			long large = statementsFor(listing + "?limit=100", listingToken);
			assertThat(large).as(listing).isEqualTo(small);
			// the caller's user, then the page with its counts
			assertThat(large).as(listing).isLessThanOrEqualTo(2);
		}
	}

	private long statementsFor(String path, String token) {
		Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		statistics.clear();
		client.get()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].votes")
			.isEqualTo(1);
		return statistics.getPrepareStatementCount();
	}

}
