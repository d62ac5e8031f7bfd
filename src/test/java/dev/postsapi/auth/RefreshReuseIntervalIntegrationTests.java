package dev.postsapi.auth;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;

import javax.crypto.SecretKey;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.Concurrently;
import dev.postsapi.security.Sha256;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a reuse interval, a client that lost the answer to a refresh may exchange the same
 * token again within it, for a sibling of the token it missed; an older ancestor, or the
 * same token after the interval, is still theft.
 */
@IntegrationTest
@TestPropertySource(properties = "auth.refresh.reuse-interval=30s")
class RefreshReuseIntervalIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	String user;

	@BeforeEach
	void aUser() {
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("tabs"));
	}

	@Test
	void refreshWhenParentPresentedAgainWithinTheIntervalThenTheSameChildAndNoSecondChain() {
		Tokens login = login();
		Tokens first = refresh(login.refreshToken());
		Tokens again = refresh(login.refreshToken());
		Tokens third = refresh(login.refreshToken());
		// a thief holding the parent gets the owner's own child, never a chain of its own
		assertThat(again.refreshToken()).isEqualTo(first.refreshToken()).isEqualTo(third.refreshToken());
		assertThat(me(first)).isEqualTo(200);
		assertThat(me(again)).isEqualTo(200);
		Tokens grandchild = refresh(first.refreshToken());
		// once the child is used, the parent is a replay: the session ends
		assertThat(Accounts.refreshStatus(this.client, login.refreshToken())).isEqualTo(401);
		assertThat(me(grandchild)).isEqualTo(401);
	}

	/**
	 * The server key (AUTH_JWT_SECRET) and a spent token, from a client's backup, say, do
	 * not give its child: the child's salt is in the database only.
	 */
	@Test
	void refreshWhenTheServerKeyAndASpentTokenAreKnownThenTheChildCannotBeDerived(@Autowired SecretKey serverKey) {
		Tokens login = login();
		Tokens child = refresh(login.refreshToken());
		String derived = unsaltedChild(serverKey, login.refreshToken());
		assertThat(derived).isNotEqualTo(child.refreshToken());
		assertThat(Accounts.refreshStatus(this.client, derived)).isEqualTo(401);
		assertThat(me(child)).isEqualTo(200);
	}

	/**
	 * A token used by an instance before V16 has no salt: its child was derived without.
	 */
	@Test
	void refreshWhenTheParentWasUsedBeforeSaltsThenItsUnsaltedChildAgain(@Autowired SecretKey serverKey) {
		Tokens login = login();
		Tokens child = refresh(login.refreshToken());
		String unsalted = unsaltedChild(serverKey, login.refreshToken());
		// the rows as such an instance left them
		this.jdbc.update("update refresh_tokens set child_salt = null where token_hash = ?",
				Sha256.digest(login.refreshToken()));
		this.jdbc.update("update refresh_tokens set token_hash = ? where token_hash = ?", Sha256.digest(unsalted),
				Sha256.digest(child.refreshToken()));
		Tokens again = refresh(login.refreshToken());
		assertThat(again.refreshToken()).isEqualTo(unsalted);
		assertThat(me(again)).isEqualTo(200);
	}

	@Test
	void refreshWhenOlderAncestorPresentedThen401AndTheSessionEnds() {
		Tokens login = login();
		Tokens child = refresh(login.refreshToken());
		Tokens grandchild = refresh(child.refreshToken());
		assertThat(Accounts.refreshStatus(this.client, login.refreshToken())).isEqualTo(401);
		assertThat(me(grandchild)).isEqualTo(401);
		assertThat(Accounts.refreshStatus(this.client, grandchild.refreshToken())).isEqualTo(401);
	}

	@Test
	void refreshWhenParentPresentedAfterTheIntervalThen401AndTheSessionEnds() {
		Tokens login = login();
		Tokens child = refresh(login.refreshToken());
		this.jdbc
			.update("update refresh_tokens set used_at = used_at - interval '31 seconds' where used_at is not null "
					+ "and session_id in (select session_id from sessions where user_id = ?)", this.user);
		assertThat(Accounts.refreshStatus(this.client, login.refreshToken())).isEqualTo(401);
		assertThat(me(child)).isEqualTo(401);
	}

	@Test
	void refreshWhenTwentyConcurrentWithOneTokenThenOneChildForAllAndTheSessionLives() throws Exception {
		Tokens login = login();
		List<Integer> statuses = Concurrently.run(20, i -> Accounts.refreshStatus(this.client, login.refreshToken()));
		assertThat(statuses).containsOnly(200);
		assertThat(this.jdbc.queryForObject("""
				select count(distinct r.token_hash) from refresh_tokens r join sessions s using (session_id)
				where s.user_id = ? and s.revoked_at is null and r.parent_hash is not null""", Integer.class,
				this.user))
			.isOne();
		assertThat(me(login)).isEqualTo(200);
		assertThat(new HashSet<>(statuses)).hasSize(1);
	}

	private Tokens login() {
		return Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
	}

	/**
	 * The child as instances before V16 derived it, from the parent and the key alone.
	 */
	private static String unsaltedChild(SecretKey serverKey, String parent) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Sha256.hmac(serverKey, "refresh-token-child:" + parent));
	}

	private Tokens refresh(String refreshToken) {
		return Accounts.refresh(this.client, refreshToken);
	}

	private int me(Tokens tokens) {
		return Accounts.meStatus(this.client, tokens);
	}

}
