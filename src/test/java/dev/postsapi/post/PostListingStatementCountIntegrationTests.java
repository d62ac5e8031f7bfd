package dev.postsapi.post;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import dev.postsapi.support.StatementCounter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a read costs in SQL statements: one for the token's session and user (the
 * revocation check), one for the answer, whatever the page size: no query per post.
 */
@IntegrationTest
@Import(StatementCounter.Configuration.class)
class PostListingStatementCountIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StatementCounter statements;

	@Test
	void listWhenPageOf100ThenTheSameTwoStatementsAsAPageOf2() {
		String author = Accounts.uniqueUserId("prolific");
		String token = Accounts.registerAndLogin(client, author);
		String voter = Accounts.uniqueUserId("fan");
		String voterToken = Accounts.registerAndLogin(client, voter);
		jdbc.update("insert into posts (post_data, user_id) select 'post ' || n, ? from generate_series(1, 100) n",
				author);
		// every post gets a vote, so counting them has work to do
		jdbc.update("insert into votes (user_id, post_id) select ?, post_id from posts where user_id = ?", voter,
				author);

		for (String listing : new String[] { "/posts/all", "/posts/feed" }) {
			String listingToken = listing.equals("/posts/all") ? token : voterToken;
			assertThat(statementsFor(listing + "?limit=2", listingToken)).as(listing).isEqualTo(2);
			assertThat(statementsFor(listing + "?limit=100", listingToken)).as(listing).isEqualTo(2);
		}
	}

	@Test
	void readOneWhenAuthenticatedThenTwoStatements() {
		String token = Accounts.registerAndLogin(client, Accounts.uniqueUserId("reader"));
		int id = PostsApi.create(client, token, "read me");
		this.statements.reset();
		client.get().uri("/posts/" + id).header("Authorization", "Bearer " + token).exchange().expectStatus().isOk();
		assertThat(this.statements.count()).isEqualTo(2);
	}

	private long statementsFor(String path, String token) {
		this.statements.reset();
		client.get()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].votes")
			.isEqualTo(1);
		return this.statements.count();
	}

}
