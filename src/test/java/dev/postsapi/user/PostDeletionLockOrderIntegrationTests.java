package dev.postsapi.user;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Gate;
import dev.postsapi.support.LockWaits;
import dev.postsapi.support.PostgresServer;
import dev.postsapi.support.RunningInstance;
import dev.postsapi.support.TestDatabaseConfiguration.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post deleted, or voted on, while its owner's account is deleted, on two instances:
 * the account's deletion takes its row and its posts before the votes it removes, as a
 * post's deletion takes the post before its votes, and as a vote holds its voter's row
 * before the post, so the two take turns instead of deadlocking (which PostgreSQL would
 * end with a 409 for one of them), and no vote slips in between. The account's deletion
 * is held at a gate with its posts and votes locked, so the interleaving that deadlocked
 * is certain.
 */
class PostDeletionLockOrderIntegrationTests {

	static final Gate GATE = new Gate();

	static TestSchema schema;

	/** Its account deletions wait at the gate before the account's row goes. */
	static RunningInstance gated;

	static RunningInstance other;

	@BeforeAll
	static void startTwoInstances() {
		schema = TestSchema.create(PostgresServer.get());
		gated = RunningInstance.start(schema, new Class<?>[] { GatedAccountDeletion.class },
				LockWaits.connectionName(schema, "gated"));
		other = RunningInstance.start(schema, LockWaits.connectionName(schema, "other"));
	}

	@AfterAll
	static void stop() {
		other.close();
		gated.close();
		schema.close();
	}

	String owner;

	String voter;

	JdbcTemplate jdbc;

	int post;

	@BeforeEach
	void anOwnersPostAndAVoter() {
		this.owner = Accounts.register(other.client(), Accounts.uniqueUserId("owner"));
		this.voter = Accounts.register(other.client(), Accounts.uniqueUserId("voter"));
		this.jdbc = other.context().getBean(JdbcTemplate.class);
		this.post = this.jdbc.queryForObject(
				"insert into posts (post_data, user_id) values ('voted on', ?) returning post_id", Integer.class,
				this.owner);
	}

	@AfterEach
	void openTheGate() {
		GATE.reset();
	}

	@Test
	void accountDeletionWhileItsOwnerDeletesAVotedPostThenBothFinish() throws Exception {
		this.jdbc.update("insert into votes (post_id, user_id) values (?, ?)", this.post, this.voter);
		Tokens posting = Accounts.loginForTokens(other.client(), this.owner, Accounts.PASSWORD);
		CompletableFuture<Integer> deletion = heldDeletion();

		CompletableFuture<Integer> postDeletion = onceItWaits(() -> other.client()
			.delete()
			.uri("/posts/" + this.post)
			.header("Authorization", posting.bearer())
			.exchange()
			.returnResult()
			.getStatus()
			.value());
		GATE.open();

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		// it waited for the post, then found it gone with its owner, whose session ended
		assertThat(postDeletion.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(this.jdbc.queryForObject("select count(*) from posts where post_id = ?", Integer.class, this.post))
			.isZero();
		assertThat(votesOfTheVoter()).isZero();
	}

	@Test
	void accountDeletionWhileSomeoneVotesOnItsPostThenTheVoteWaitsAndFindsItGone() throws Exception {
		Tokens voting = Accounts.loginForTokens(other.client(), this.voter, Accounts.PASSWORD);
		CompletableFuture<Integer> deletion = heldDeletion();

		CompletableFuture<Integer> vote = voteOnceItWaits(voting);
		GATE.open();

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(vote.get(30, TimeUnit.SECONDS)).isEqualTo(404);
		assertThat(votesOfTheVoter()).isZero();
	}

	@Test
	void accountDeletionWhileItsOwnerVotesOnItsOwnPostThenTheVoteWaitsAndFindsTheAccountGone() throws Exception {
		Tokens voting = Accounts.loginForTokens(other.client(), this.owner, Accounts.PASSWORD);
		CompletableFuture<Integer> deletion = heldDeletion();

		// the vote holds its voter's row (a foreign key) while it waits for the post: the
		// deletion takes that row for itself first, so the vote waits there instead
		CompletableFuture<Integer> vote = voteOnceItWaits(voting);
		GATE.open();

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(204);
		assertThat(vote.get(30, TimeUnit.SECONDS)).isEqualTo(401);
		assertThat(this.jdbc.queryForObject("select count(*) from votes where post_id = ?", Integer.class, this.post))
			.isZero();
	}

	/**
	 * The owner's own deletion on the gated instance, held with the account's posts and
	 * the votes on them locked, before the account (and by the foreign key its posts)
	 * goes.
	 */
	private CompletableFuture<Integer> heldDeletion() throws InterruptedException {
		Tokens deleting = Accounts.loginForTokens(gated.client(), this.owner, Accounts.PASSWORD);
		return GATE.hold(() -> Accounts.deleteOwnAccountStatus(gated.client(), deleting.accessToken()));
	}

	/** A vote on the post, on the other instance, once it waits for the gated one. */
	private CompletableFuture<Integer> voteOnceItWaits(Tokens voting) throws InterruptedException {
		return onceItWaits(() -> other.client()
			.post()
			.uri("/vote")
			.header("Authorization", voting.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("post_id", this.post, "dir", 1))
			.exchange()
			.returnResult()
			.getStatus()
			.value());
	}

	/** A request to the other instance, once it waits for a lock the gated one holds. */
	private static CompletableFuture<Integer> onceItWaits(Supplier<Integer> request) throws InterruptedException {
		return LockWaits.onceItWaits(schema, "other", "gated", request);
	}

	private int votesOfTheVoter() {
		return this.jdbc.queryForObject("select count(*) from votes where user_id = ?", Integer.class, this.voter);
	}

	/** The gate before the account's row is deleted, its posts and votes locked. */
	@Configuration(proxyBeanMethods = false)
	static class GatedAccountDeletion {

		@Bean
		static BeanPostProcessor gatedAccountDeletion() {
			return GATE.before((bean) -> bean instanceof UserRepository,
					(call) -> call.getMethod().getName().equals("deleteAccount"));
		}

	}

}
