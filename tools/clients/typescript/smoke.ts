// The whole Part 1 and 2 flow through the typescript-fetch client generated from
// docs/openapi.json, and nothing else: no hand-written request, no `!`, no cast. Every
// documented error it meets is read as a typed Problem. It compiles under `strict`
// (tsconfig.json) and runs against a live service:
//
//   node target/typescript-smoke/typescript/smoke.js http://127.0.0.1:8000
//
// bin/check-generated-clients.sh builds and runs it; it prints one line a check and ends
// with "N passed, N failed".
import {
	AuthenticationApi,
	Configuration,
	LoginGrantTypeEnum,
	PostsApi,
	ProblemFromJSON,
	ResponseError,
	UsersApi,
	VoteBodyDirEnum,
	VotesApi,
	type Problem,
	type TokenResponse,
} from '../target/typescript-fetch';

const basePath = process.argv[2] ?? 'http://localhost:8000';
const password = 'strong_password';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

let passed = 0;
let failed = 0;

function check(condition: boolean, what: string): void {
	if (condition) {
		passed++;
		console.log(`ok - ${what}`);
	}
	else {
		failed++;
		console.log(`not ok - ${what}`);
	}
}

/** A client of its own for each user, as each front end would have. */
function client(): { auth: AuthenticationApi; users: UsersApi; posts: PostsApi; votes: VotesApi; login: (t: TokenResponse) => void } {
	let accessToken = '';
	// the bare token: the client adds "Bearer "
	const config = new Configuration({ basePath, accessToken: () => accessToken });
	return {
		auth: new AuthenticationApi(config),
		users: new UsersApi(config),
		posts: new PostsApi(config),
		votes: new VotesApi(config),
		login: (tokens) => {
			accessToken = tokens.accessToken;
		},
	};
}

/** The problem details a call fails with; checks its status, type and shape. */
async function problemOf(call: Promise<unknown>, status: number, what: string): Promise<Problem> {
	try {
		await call;
	}
	catch (error) {
		if (error instanceof ResponseError) {
			const problem = ProblemFromJSON(await error.response.json());
			const contentType = error.response.headers.get('Content-Type') ?? '';
			check(error.response.status === status && problem.status === status
				&& contentType.startsWith('application/problem+json') && problem.detail.length > 0
				&& error.response.headers.has('X-Request-Id'),
				`${what}: ${status} problem "${problem.detail}"`);
			if (status === 401) {
				check((error.response.headers.get('WWW-Authenticate') ?? '').startsWith('Bearer'),
					`${what}: WWW-Authenticate: Bearer`);
			}
			return problem;
		}
		throw error;
	}
	check(false, `${what}: expected ${status}, but the call succeeded`);
	return { type: 'about:blank', title: '', status: 0, detail: '' };
}

async function main(): Promise<void> {
	const alice = client();
	const bob = client();
	const aliceId = `alice_${run}`;
	const bobId = `bob_${run}`;

	// register
	const registered = await alice.users.registerUserRaw({
		registerUserBody: { userId: aliceId, email: `${aliceId}@example.com`, password },
	});
	const profile = await registered.value();
	check(registered.raw.status === 201 && registered.raw.headers.get('Location') === `/users/${aliceId}`,
		'registerUser: 201 with Location');
	check(profile.userId === aliceId && profile.createdAt instanceof Date, 'registerUser: the profile, created_at a Date');
	await bob.users.registerUser({ registerUserBody: { userId: bobId, email: `${bobId}@example.com`, password } });
	await problemOf(alice.users.registerUser({
		registerUserBody: { userId: aliceId, email: `other_${aliceId}@example.com`, password },
	}), 409, 'registerUser, user_id taken');
	const invalid = await problemOf(alice.users.registerUser({
		registerUserBody: { userId: `carol_${run}`, email: `carol_${run}@example.com`, password: 'short' },
	}), 422, 'registerUser, short password');
	check(invalid.errors?.some((error) => error.field === 'password') ?? false, '422: errors names the field');

	// both login grants
	const tokens = await alice.auth.login({ grantType: LoginGrantTypeEnum.Password, username: aliceId, password });
	check(tokens.tokenType === 'bearer' && tokens.expiresIn > 0 && tokens.refreshToken.length > 0,
		'login (password grant): tokens');
	alice.login(tokens);
	await problemOf(alice.auth.login({ grantType: LoginGrantTypeEnum.Password, username: aliceId, password: 'wrong_password' }),
		401, 'login, wrong password');
	const exchanged = await alice.auth.login({ grantType: LoginGrantTypeEnum.RefreshToken, refreshToken: tokens.refreshToken });
	check(exchanged.refreshToken !== tokens.refreshToken, 'login (refresh_token grant): a new pair');
	alice.login(exchanged);
	bob.login(await bob.auth.login({ grantType: LoginGrantTypeEnum.Password, username: `${bobId}@example.com`, password }));

	// profile
	const me = await alice.users.getCurrentUser();
	check(me.userId === aliceId && me.email === `${aliceId}@example.com`, 'getCurrentUser: the caller');

	// posts CRUD
	const created = await alice.posts.createPostRaw({ postBody: { postData: `Hello from ${run}` } });
	const post = await created.value();
	check(created.raw.status === 201 && created.raw.headers.get('Location') === `/posts/${post.postId}`,
		'createPost: 201 with Location');
	check(post.userId === aliceId && post.votes === 0, 'createPost: the post, no votes');
	const read = await alice.posts.getPost({ postId: post.postId });
	check(read.postData === `Hello from ${run}`, 'getPost: the post');
	const updated = await alice.posts.updatePost({ postId: post.postId, postBody: { postData: `Edited ${run}` } });
	check(updated.postData === `Edited ${run}`, 'updatePost: the new text');
	await problemOf(alice.posts.createPost({ postBody: { postData: ' ' } }), 422, 'createPost, blank post_data');
	await problemOf(bob.posts.getPost({ postId: post.postId }), 404, "getPost, someone else's");
	await problemOf(bob.posts.updatePost({ postId: post.postId, postBody: { postData: 'Mine now' } }), 403,
		"updatePost, someone else's");
	await problemOf(alice.posts.getPost({ postId: 2147483647 }), 404, 'getPost, no such post');

	// listing with search, and the feed
	const own = await alice.posts.listOwnPosts({ search: `EDITED ${run}`, limit: 10 });
	check(own.length === 1 && own[0]?.postId === post.postId, 'listOwnPosts: search ignores case');
	check((await alice.posts.listOwnPosts({ search: 'no such text anywhere' })).length === 0, 'listOwnPosts: no match');
	await problemOf(alice.posts.listOwnPosts({ limit: 0 }), 422, 'listOwnPosts, limit 0');

	// vote and unvote
	const vote = await bob.votes.vote({ voteBody: { postId: post.postId, dir: VoteBodyDirEnum.ADD } });
	check(vote?.message === 'Vote added', 'vote (dir 1): added');
	await problemOf(bob.votes.vote({ voteBody: { postId: post.postId, dir: VoteBodyDirEnum.ADD } }), 409, 'vote again');
	const feed = await bob.posts.listFeed({ search: `Edited ${run}` });
	check(feed.length === 1 && feed[0]?.votes === 1 && feed[0]?.userId === aliceId, "listFeed: alice's post, one vote");
	check(await bob.votes.vote({ voteBody: { postId: post.postId, dir: VoteBodyDirEnum.REMOVE } }) === null,
		'vote (dir 0): removed, no body');
	await problemOf(bob.votes.vote({ voteBody: { postId: post.postId, dir: VoteBodyDirEnum.REMOVE } }), 404,
		'unvote without a vote');

	// delete
	await problemOf(bob.posts.deletePost({ postId: post.postId }), 403, "deletePost, someone else's");
	await alice.posts.deletePost({ postId: post.postId });
	await problemOf(alice.posts.getPost({ postId: post.postId }), 404, 'getPost, deleted');
	check(true, 'deletePost: 204');

	// refresh, and a spent refresh token
	const refreshed = await alice.auth.refreshToken({ refreshBody: { refreshToken: exchanged.refreshToken } });
	check(refreshed.refreshToken !== exchanged.refreshToken, 'refreshToken: a new pair');
	alice.login(refreshed);
	check((await alice.users.getCurrentUser()).userId === aliceId, 'the refreshed access token works');
	const reused = await problemOf(alice.auth.login({ grantType: LoginGrantTypeEnum.RefreshToken, refreshToken: exchanged.refreshToken }),
		400, 'login (refresh_token grant), spent token');
	check(reused.error === 'invalid_grant', '400: error is invalid_grant');
	await problemOf(alice.auth.refreshToken({ refreshBody: { refreshToken: refreshed.refreshToken } }), 401,
		'refreshToken, session ended by the reuse');

	// logout
	const again = await alice.auth.login({ grantType: LoginGrantTypeEnum.Password, username: aliceId, password });
	alice.login(again);
	await alice.auth.logout({ logoutBody: { refreshToken: again.refreshToken } });
	check(true, 'logout: 204');
	await problemOf(alice.users.getCurrentUser(), 401, 'getCurrentUser after logout');

	// password change, wrong current password
	await problemOf(bob.auth.changePassword({
		passwordChangeBody: { currentPassword: 'wrong_password', newPassword: 'an_even_stronger_password' },
	}), 403, 'changePassword, wrong current password');

	// too many failed logins: 429 with Retry-After
	const stranger = `nobody_${run}`;
	for (let attempt = 1; attempt <= 20; attempt++) {
		try {
			await bob.auth.login({ grantType: LoginGrantTypeEnum.Password, username: stranger, password: 'wrong_password' });
		}
		catch (error) {
			if (error instanceof ResponseError && error.response.status === 429) {
				const problem = ProblemFromJSON(await error.response.json());
				const retryAfter = Number(error.response.headers.get('Retry-After'));
				check(problem.status === 429 && retryAfter >= 1, `login, attempt ${attempt}: 429, Retry-After ${retryAfter}`);
				break;
			}
			if (!(error instanceof ResponseError && error.response.status === 401)) {
				throw error;
			}
		}
		if (attempt === 20) {
			check(false, 'login: no 429 after 20 failed attempts');
		}
	}
}

main().then(() => {
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed === 0 ? 0 : 1);
}, (error: unknown) => {
	console.log(`not ok - ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
	console.log(`${passed} passed, ${failed + 1} failed`);
	process.exit(1);
});
