package dev.postsapi.post;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Gate;
import dev.postsapi.support.IntegrationTest;
import dev.postsapi.support.PostsApi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post, vote or moderator's deletion whose caller's account is deleted or disabled
 * after its token was accepted gets the 401 the token now gets, as every request of an
 * ended session does, not an answer about the post; and so does one whose user_id was
 * registered again meanwhile, which changes nothing of the new account's. The request is
 * held after the token check, before the post service's work, so the race is certain.
 */
@IntegrationTest
@Import(PostsRacingAccountChangeIntegrationTests.GatedPostService.class)
class PostsRacingAccountChangeIntegrationTests {

	static final Gate GATE = new Gate();

	static final Set<String> GATED_METHODS = Set.of("create", "update", "vote", "unvote", "delete");

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	String author;

	String authorToken;

	int post;

	@BeforeEach
	void aPost() {
		this.author = Accounts.uniqueUserId("author");
		this.authorToken = Accounts.registerAndLogin(this.client, this.author);
		this.post = PostsApi.create(this.client, this.authorToken, "still here");
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

	@Test
	void voteWhenTheVotersAccountIsDeletedMeanwhileThen401AndThePostStillThere() throws Exception {
		String voter = Accounts.uniqueUserId("voter");
		String token = Accounts.registerAndLogin(this.client, voter);
		CompletableFuture<ExchangeResult> vote = heldVote(token);

		this.jdbc.update("delete from users where user_id = ?", voter);
		GATE.open();

		assertUnauthorized(vote.get(30, TimeUnit.SECONDS));
		assertThat(postsWhere("post_id", this.post)).isOne();
	}

	@Test
	void voteWhenThePostIsDeletedMeanwhileThen404() throws Exception {
		String token = Accounts.registerAndLogin(this.client, Accounts.uniqueUserId("voter"));
		CompletableFuture<ExchangeResult> vote = heldVote(token);

		this.jdbc.update("delete from posts where post_id = ?", this.post);
		GATE.open();

		assertThat(vote.get(30, TimeUnit.SECONDS).getStatus().value()).isEqualTo(404);
	}

	@Test
	void createWhenTheAuthorsAccountIsDeletedMeanwhileThen401AndNothingStored() throws Exception {
		CompletableFuture<ExchangeResult> create = GATE.hold(() -> this.client.post()
			.uri("/posts")
			.header("Authorization", "Bearer " + this.authorToken)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_data", "after the account went"))
			.exchange()
			.returnResult());

		this.jdbc.update("delete from users where user_id = ?", this.author);
		GATE.open();

		assertUnauthorized(create.get(30, TimeUnit.SECONDS));
		assertThat(postsWhere("user_id", this.author)).isZero();
	}

	@Test
	void moderatorsDeleteWhenTheModeratorIsDisabledMeanwhileThen401AndThePostKept() throws Exception {
		String moderator = Accounts.uniqueUserId("mod");
		String token = Accounts.registerAndLogin(this.client, moderator);
		this.jdbc.update("update users set roles = '{moderator}' where user_id = ?", moderator);
		CompletableFuture<ExchangeResult> delete = GATE.hold(() -> this.client.delete()
			.uri("/posts/" + this.post)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.returnResult());

		this.jdbc.update("update users set disabled = true where user_id = ?", moderator);
		GATE.open();

		assertUnauthorized(delete.get(30, TimeUnit.SECONDS));
		assertThat(postsWhere("post_id", this.post)).isOne();
	}

	@Test
	void createWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndTheNewAccountHasNoPost()
			throws Exception {
		CompletableFuture<ExchangeResult> create = GATE
			.hold(() -> send("POST", "/posts", this.authorToken, Map.of("post_data", "planted by the old holder")));

		String newHolderToken = deleteAndRegisterAgain(this.author);
		GATE.open();

		assertUnauthorized(create.get(30, TimeUnit.SECONDS));
		assertThat(postsWhere("user_id", this.author)).isZero();
		assertThat(Accounts.meStatus(this.client, newHolderToken)).isEqualTo(200);
	}

	@Test
	void voteWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndTheNewAccountCanVote()
			throws Exception {
		String voter = Accounts.uniqueUserId("voter");
		String token = Accounts.registerAndLogin(this.client, voter);
		CompletableFuture<ExchangeResult> vote = heldVote(token);

		String newHolderToken = deleteAndRegisterAgain(voter);
		GATE.open();

		assertUnauthorized(vote.get(30, TimeUnit.SECONDS));
		assertThat(votesOf(voter)).isZero();
		assertThat(send("POST", "/vote", newHolderToken, Map.of("post_id", this.post, "dir", 1)).getStatus().value())
			.isEqualTo(201);
	}

	@Test
	void updateWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndTheNewAccountsPostKept()
			throws Exception {
		assertTheNewHoldersPostAndVoteOutlive("PUT", "/posts/" + this.post,
				Map.of("post_data", "rewritten by the old holder"));
	}

	@Test
	void deleteWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndTheNewAccountsPostKept()
			throws Exception {
		assertTheNewHoldersPostAndVoteOutlive("DELETE", "/posts/" + this.post, null);
	}

	@Test
	void unvoteWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndTheNewAccountsVoteKept()
			throws Exception {
		assertTheNewHoldersPostAndVoteOutlive("POST", "/vote", Map.of("post_id", this.post, "dir", 0));
	}

	/**
	 * The author's request, held past its token check while the account is deleted and
	 * its user_id registered again, and the new holder writes a post of the same id (the
	 * old one went with its account) and votes on it; then the request goes on.
	 */
	private void assertTheNewHoldersPostAndVoteOutlive(String method, String path, @Nullable Map<String, ?> body)
			throws Exception {
		CompletableFuture<ExchangeResult> held = GATE.hold(() -> send(method, path, this.authorToken, body));

		String newHolderToken = deleteAndRegisterAgain(this.author);
		int newHoldersPost = PostsApi.create(this.client, newHolderToken, "the new holder's");
		this.jdbc.update("update posts set post_id = ? where post_id = ?", this.post, newHoldersPost);
		assertThat(send("POST", "/vote", newHolderToken, Map.of("post_id", this.post, "dir", 1)).getStatus().value())
			.isEqualTo(201);
		GATE.open();

		assertUnauthorized(held.get(30, TimeUnit.SECONDS));
		assertThat(this.jdbc.queryForObject("select post_data from posts where post_id = ? and user_id = ?",
				String.class, this.post, this.author))
			.isEqualTo("the new holder's");
		assertThat(votesOf(this.author)).isOne();
	}

	/** The caller's vote on the post, sent and held at the gate. */
	private CompletableFuture<ExchangeResult> heldVote(String token) throws InterruptedException {
		return GATE.hold(() -> this.client.post()
			.uri("/vote")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_id", this.post, "dir", 1))
			.exchange()
			.returnResult());
	}

	/**
	 * Deletes the account (directly, as an admin's deletion does) while a request of it
	 * is held, and registers its user_id again; the new holder's token.
	 */
	private String deleteAndRegisterAgain(String userId) {
		this.jdbc.update("delete from users where user_id = ?", userId);
		return Accounts.registerAndLogin(this.client, userId);
	}

	private ExchangeResult send(String method, String path, String token, @Nullable Map<String, ?> body) {
		RestTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + token);
		return ((body != null) ? request.contentType(MediaType.APPLICATION_JSON).body(body) : request).exchange()
			.returnResult();
	}

	private int votesOf(String userId) {
		return this.jdbc.queryForObject("select count(*) from votes where user_id = ?", Integer.class, userId);
	}

	private int postsWhere(String column, Object value) {
		return this.jdbc.queryForObject("select count(*) from posts where " + column + " = ?", Integer.class, value);
	}

	private static void assertUnauthorized(ExchangeResult result) {
		assertThat(result.getStatus().value()).isEqualTo(401);
		assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).contains("error=\"invalid_token\"");
	}

	/** Holds a post service call after the token was accepted, while armed. */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedPostService {

		@Bean
		static BeanPostProcessor gatedPostService() {
			return GATE.before(PostService.class, GATED_METHODS);
		}

	}

}
