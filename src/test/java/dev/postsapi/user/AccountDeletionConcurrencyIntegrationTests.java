package dev.postsapi.user;

import java.util.List;
import java.util.Map;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Concurrently;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts deleted at the same moment, over real HTTP. */
@IntegrationTest
class AccountDeletionConcurrencyIntegrationTests {

	/** Enough votes that the two deletions' cascades overlap. */
	static final int POSTS_EACH = 10_000;

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	/**
	 * A race, repeated: the two deletions deadlock only where their statements overlap (4
	 * of the 10 did without the votes locked first).
	 */
	@RepeatedTest(10)
	void twoAccountsThatVotedOnEachOthersPostsDeletedAtOnceThenBothGoWhole() throws Exception {
		List<String> users = List.of(Accounts.uniqueUserId("voter"), Accounts.uniqueUserId("voter"));
		List<String> tokens = users.stream().map((user) -> Accounts.registerAndLogin(this.client, user)).toList();
		for (String user : users) {
			this.jdbc.update(
					"insert into posts (post_data, user_id) select 'post ' || i, ? from generate_series(1, ?) i", user,
					POSTS_EACH);
		}
		// each votes on every post of the other
		for (int i = 0; i < 2; i++) {
			this.jdbc.update("insert into votes (post_id, user_id) select post_id, ? from posts where user_id = ?",
					users.get(i), users.get(1 - i));
		}

		List<Integer> statuses = Concurrently.run(2,
				(i) -> Accounts.deleteOwnAccountStatus(this.client, tokens.get(i)));

		assertThat(statuses).containsExactly(204, 204);
		for (String user : users) {
			assertThat(this.jdbc.queryForObject("select count(*) from users where user_id = ?", Integer.class, user))
				.isZero();
			assertThat(this.jdbc.queryForObject("select count(*) from posts where user_id = ?", Integer.class, user))
				.isZero();
			assertThat(this.jdbc.queryForObject("select count(*) from votes where user_id = ?", Integer.class, user))
				.isZero();
		}
	}

}
