package dev.postsapi.clientsmoke;

import java.util.List;
import java.util.UUID;

import dev.postsapi.client.ApiClient;
import dev.postsapi.client.ApiException;
import dev.postsapi.client.api.AdministrationApi;
import dev.postsapi.client.api.AuthenticationApi;
import dev.postsapi.client.api.PostsApi;
import dev.postsapi.client.api.UsersApi;
import dev.postsapi.client.model.AccountDeletionBody;
import dev.postsapi.client.model.DeviceSession;
import dev.postsapi.client.model.LogoutBody;
import dev.postsapi.client.model.PasswordChangeBody;
import dev.postsapi.client.model.PostBody;
import dev.postsapi.client.model.PostResponse;
import dev.postsapi.client.model.Problem;
import dev.postsapi.client.model.RegisterUserBody;
import dev.postsapi.client.model.ResetPasswordBody;
import dev.postsapi.client.model.TokenBody;
import dev.postsapi.client.model.TokenResponse;

/**
 * The operations that answer without a body, through the Java client generated from
 * docs/openapi.json (library native), against a live service: this client sends
 * {@code Accept: application/problem+json} where the document lists no other type, so
 * each success and each documented error must come back as documented, never a 406. Prints
 * one line a check and ends with "N passed, N failed"; exits 1 if any failed.
 *
 * <pre>
 * java -cp ... dev.postsapi.clientsmoke.JavaClientSmoke http://127.0.0.1:8000
 * </pre>
 */
public final class JavaClientSmoke {

	private static final String PASSWORD = "strong_password";

	private static final String NEW_PASSWORD = "an_even_stronger_password";

	private final String baseUrl;

	private int passed;

	private int failed;

	private JavaClientSmoke(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static void main(String[] args) throws ApiException {
		JavaClientSmoke smoke = new JavaClientSmoke((args.length > 0) ? args[0] : "http://localhost:8000");
		smoke.run();
		System.out.printf("%d passed, %d failed%n", smoke.passed, smoke.failed);
		System.exit((smoke.failed == 0) ? 0 : 1);
	}

	private void run() throws ApiException {
		String userId = "java_" + Long.toString(System.nanoTime(), 36);
		ApiClient anonymous = client(null);
		new UsersApi(anonymous)
			.registerUser(new RegisterUserBody().userId(userId).email(userId + "@example.com").password(PASSWORD));
		TokenResponse tokens = login(userId, PASSWORD);
		ApiClient alice = client(tokens.getAccessToken());

		PostsApi posts = new PostsApi(alice);
		PostResponse post = posts.createPost(new PostBody().postData("Hello from Java"));
		posts.deletePost(post.getPostId());
		check(true, "deletePost: 204");
		problem(() -> posts.deletePost(post.getPostId()), 404, "deletePost, gone");
		problem(() -> new AdministrationApi(alice).deleteUser("nobody"), 403, "deleteUser, not an admin");

		UsersApi users = new UsersApi(alice);
		users.requestEmailVerification();
		check(true, "requestEmailVerification: 202");
		problem(() -> users.verifyEmail(new TokenBody().token("not-a-token")), 400, "verifyEmail, a bad token");
		problem(() -> new AuthenticationApi(anonymous)
			.resetPassword(new ResetPasswordBody().token("not-a-token").newPassword(NEW_PASSWORD)), 400,
				"resetPassword, a bad token");

		AuthenticationApi auth = new AuthenticationApi(alice);
		problem(() -> auth.changePassword(new PasswordChangeBody().currentPassword("wrong_password")
			.newPassword(NEW_PASSWORD)), 403, "changePassword, wrong current password");
		auth.changePassword(new PasswordChangeBody().currentPassword(PASSWORD).newPassword(NEW_PASSWORD));
		check(true, "changePassword: 204");

		TokenResponse other = login(userId, NEW_PASSWORD);
		List<DeviceSession> sessions = auth.listSessions();
		UUID otherSession = sessions.stream()
			.filter(session -> !Boolean.TRUE.equals(session.getCurrent()))
			.map(DeviceSession::getSessionId)
			.findFirst()
			.orElseThrow();
		auth.endSession(otherSession);
		check(true, "endSession: 204");
		problem(() -> new UsersApi(client(other.getAccessToken())).getCurrentUser(), 401,
				"getCurrentUser, its session ended");
		problem(() -> auth.endSession(otherSession), 404, "endSession, already ended");

		auth.logout(new LogoutBody().refreshToken(tokens.getRefreshToken()));
		check(true, "logout: 204");
		problem(users::getCurrentUser, 401, "getCurrentUser after logout");

		ApiClient again = client(login(userId, NEW_PASSWORD).getAccessToken());
		new AuthenticationApi(again).logoutEverywhere();
		check(true, "logoutEverywhere: 204");
		problem(() -> new UsersApi(again).getCurrentUser(), 401, "getCurrentUser after logoutEverywhere");

		AuthenticationApi last = new AuthenticationApi(client(login(userId, NEW_PASSWORD).getAccessToken()));
		problem(() -> last.deleteCurrentUser(new AccountDeletionBody().password("wrong_password")), 403,
				"deleteCurrentUser, wrong password");
		last.deleteCurrentUser(new AccountDeletionBody().password(NEW_PASSWORD));
		check(true, "deleteCurrentUser: 204");
		problem(() -> login(userId, NEW_PASSWORD), 401, "login, account deleted");
	}

	private TokenResponse login(String username, String password) throws ApiException {
		return new AuthenticationApi(client(null)).login("password", username, password, null, null);
	}

	/** A client of the service, with a bearer token if one is given. */
	private ApiClient client(String accessToken) {
		ApiClient client = new ApiClient();
		client.updateBaseUri(this.baseUrl);
		if (accessToken != null) {
			client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
		}
		return client;
	}

	/** The call fails with the status, as problem details. */
	private void problem(Call call, int status, String what) {
		try {
			call.run();
			check(false, what + ": expected " + status + ", but the call succeeded");
		}
		catch (ApiException ex) {
			String contentType = ex.getResponseHeaders().firstValue("Content-Type").orElse("");
			boolean asDocumented = false;
			try {
				Problem problem = new ApiClient().getObjectMapper().readValue(ex.getResponseBody(), Problem.class);
				asDocumented = ex.getCode() == status && problem.getStatus() == status
						&& contentType.startsWith("application/problem+json");
			}
			catch (Exception unreadable) {
				// not problem details: not as documented
			}
			check(asDocumented, what + ": " + status + " problem (got " + ex.getCode() + ")");
		}
	}

	private void check(boolean condition, String what) {
		if (condition) {
			this.passed++;
			System.out.println("ok - " + what);
		}
		else {
			this.failed++;
			System.out.println("not ok - " + what);
		}
	}

	@FunctionalInterface
	private interface Call {

		void run() throws ApiException;

	}

}
