package dev.postsapi.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.postsapi.support.Accounts;
import dev.postsapi.support.Accounts.Tokens;
import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose body is sent slowly, over a raw connection: its session was checked as
 * it arrived, and is checked again once a slow body is read, so the request cannot be
 * held open past the session's end and then act, even on a new account of the same
 * user_id.
 */
@IntegrationTest
class SlowRequestBodyIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	String user;

	@BeforeEach
	void aUser() {
		this.user = Accounts.register(this.client, Accounts.uniqueUserId("slow"));
	}

	@Test
	void createPostWhenItsSessionEndsWhileTheBodyArrivesThen401AndNothingStored() throws Exception {
		Tokens held = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		Tokens other = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		try (HeldRequest create = HeldRequest.start(this.port, "POST", "/posts", held,
				"{\"post_data\":\"after the logout\"}")) {
			Accounts.logoutEverywhere(this.client, other);
			assertThat(create.finishAfter(SlowBodySessionCheck.SLOW)).isEqualTo(401);
		}
		assertThat(count("select count(*) from posts where user_id = ?", this.user)).isZero();
	}

	@Test
	void voteWhenTheAccountIsDeletedAndItsUserIdRegisteredAgainMeanwhileThen401AndNoVote() throws Exception {
		Tokens voter = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		String author = Accounts.register(this.client, Accounts.uniqueUserId("author"));
		Integer post = this.jdbc.queryForObject(
				"insert into posts (post_data, user_id) values ('voted on', ?) returning post_id", Integer.class,
				author);
		try (HeldRequest vote = HeldRequest.start(this.port, "POST", "/vote", voter,
				"{\"post_id\":" + post + ",\"dir\":1}")) {
			assertThat(Accounts.deleteOwnAccountStatus(this.client, voter.accessToken())).isEqualTo(204);
			Accounts.register(this.client, this.user);
			assertThat(vote.finishAfter(SlowBodySessionCheck.SLOW)).isEqualTo(401);
		}
		assertThat(count("select count(*) from votes where user_id = ?", this.user)).isZero();
	}

	@Test
	void createPostWhenTheBodyIsSlowButTheSessionLiveThen201() throws Exception {
		Tokens tokens = Accounts.loginForTokens(this.client, this.user, Accounts.PASSWORD);
		try (HeldRequest create = HeldRequest.start(this.port, "POST", "/posts", tokens,
				"{\"post_data\":\"slow but fine\"}")) {
			assertThat(create.finishAfter(SlowBodySessionCheck.SLOW)).isEqualTo(201);
		}
		assertThat(count("select count(*) from posts where user_id = ?", this.user)).isOne();
	}

	private int count(String sql, String userId) {
		return this.jdbc.queryForObject(sql, Integer.class, userId);
	}

	/** A JSON request whose headers and first body byte are sent, the rest held back. */
	record HeldRequest(Socket socket, byte[] rest) implements AutoCloseable {

		static HeldRequest start(int port, String method, String path, Tokens tokens, String json) throws IOException {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			Socket socket = new Socket("localhost", port);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(String
				.format(Locale.ROOT,
						"%s %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n"
								+ "Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
						method, path, tokens.bearer(), body.length)
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 1);
			out.flush();
			// admitted, its session found live, and waiting for its body: no answer yet
			socket.setSoTimeout(500);
			try {
				throw new AssertionError("answered before its body came: " + socket.getInputStream().read());
			}
			catch (SocketTimeoutException expected) {
				socket.setSoTimeout(30_000);
			}
			byte[] rest = new byte[body.length - 1];
			System.arraycopy(body, 1, rest, 0, rest.length);
			return new HeldRequest(socket, rest);
		}

		/**
		 * Sends the rest of the body once {@code wait} has passed; the answer's status.
		 */
		int finishAfter(java.time.Duration wait) throws IOException, InterruptedException {
			Thread.sleep(wait.plusMillis(300));
			this.socket.getOutputStream().write(this.rest);
			this.socket.getOutputStream().flush();
			InputStream in = this.socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			return Integer.parseInt(statusLine.substring(9, 12));
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
