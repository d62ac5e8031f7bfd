// The documentation pages in a real browser: headless Chromium (Debian's package) driven
// by playwright-core through /docs (Swagger UI) and /redoc, as a person would use them.
//
//   BASE_URL=http://127.0.0.1:8700 node --test docs.test.mjs
//
// BASE_URL      the running service (required; bin/browser-test.sh starts one and sets it)
// CHROMIUM      the browser to drive (default /usr/bin/chromium)
// ARTIFACTS_DIR where a failing test leaves its screenshot (default ./artifacts, git-ignored)
//
// Every request the browser makes, on both pages, must go to the service itself: the
// docs are served from the jar and must work offline (no CDN, no logo, no font).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/+$/, '');
if (!BASE_URL) {
	throw new Error('BASE_URL is not set: the address of a running service, e.g. http://127.0.0.1:8700');
}
const ORIGIN = new URL(BASE_URL).origin;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR
	|| path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const TIMEOUT = 30_000;

// Debian's Chromium, headless; without the background-networking flags Chromium itself
// calls home, which is not what this test is about (and is refused on CI's network).
// Playwright gives every launch a fresh, temporary profile (--user-data-dir) of its own.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

// One user for the whole run, registered through the API.
const user = {
	user_id: `browser_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`,
	password: `pw-${randomBytes(12).toString('hex')}`,
};
user.email = `${user.user_id}@example.com`;

let browser;
let context;
let requests = []; // every request the browser made during the current test

before(async () => {
	const registered = await fetch(`${BASE_URL}/users`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(user),
	});
	assert.equal(registered.status, 201, `POST /users answered ${registered.status}: ${await registered.text()}`);

	browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
	context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	context.setDefaultTimeout(TIMEOUT);
	// the context sees the requests of every page, popup and worker it has
	context.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType() }));
	context.on('requestfailed', (request) => requests.push({
		url: request.url(),
		type: request.resourceType(),
		failure: request.failure()?.errorText,
	}));
	context.on('weberror', (error) => console.log(`page error: ${error.error().message}`));
});

after(async () => {
	await browser?.close();
});

/** Runs body with a new page; on failure leaves a screenshot of it in ARTIFACTS_DIR. */
async function withPage(name, body) {
	requests = [];
	const page = await context.newPage();
	page.on('websocket', (socket) => requests.push({ url: socket.url(), type: 'websocket' }));
	try {
		await body(page);
	}
	catch (error) {
		mkdirSync(ARTIFACTS_DIR, { recursive: true });
		const file = path.join(ARTIFACTS_DIR, `${name}.png`);
		await page.screenshot({ path: file, fullPage: true }).then(
			() => console.log(`screenshot of the failure: ${file}`),
			(screenshotError) => console.log(`no screenshot: ${screenshotError.message}`));
		throw error;
	}
	finally {
		await page.close();
	}
}

/** Fails, listing them, if any request of this test went anywhere but the service. */
function assertNothingLeftTheService(pageName) {
	assert.ok(requests.length > 0, 'no request was recorded at all');
	const outside = requests.filter(({ url }) => {
		const protocol = url.slice(0, url.indexOf(':') + 1);
		if (protocol === 'data:' || protocol === 'blob:') {
			return false;
		}
		try {
			return new URL(url).origin !== ORIGIN;
		}
		catch {
			return true;
		}
	});
	const list = [...new Set(outside.map((r) => `  ${r.type} ${r.url}${r.failure ? ` (${r.failure})` : ''}`))];
	assert.equal(list.length, 0,
		`${pageName} made requests that left the service (${ORIGIN}):\n${list.join('\n')}`);
	console.log(`${pageName}: ${requests.length} requests, every one to ${ORIGIN} (or data:/blob:)`);
}

/** Waits until the page makes no more requests, so late ones (fonts, images) are counted too. */
async function settle(page) {
	await page.waitForLoadState('networkidle');
}

/** Swagger UI's operation block, e.g. operation(page, 'Users', 'getCurrentUser'). */
function operation(page, tag, operationId) {
	return page.locator(`#operations-${tag}-${operationId}`);
}

/** Expands an operation, presses "Try it out", lets fill() edit it, presses "Execute"; returns status and body. */
async function tryItOut(block, fill = async () => {}) {
	if (!(await block.locator('.opblock-body').isVisible())) {
		await block.locator('.opblock-summary').first().click();
	}
	await block.locator('button.try-out__btn').first().waitFor();
	// once pressed, "Try it out" turns into "Cancel" (and "Reset" for a body)
	const tryOut = block.locator('button.try-out__btn', { hasText: 'Try it out' });
	if ((await tryOut.count()) > 0) {
		await tryOut.click();
	}
	await fill(block);
	await block.locator('button.execute').click();
	const response = block.locator('.live-responses-table .response').first();
	await response.waitFor();
	const status = (await response.locator('.response-col_status').textContent()).trim();
	const body = (await response.locator('.response-col_description pre').first().textContent()).trim();
	return { status, body };
}

/** Presses "Clear", so that the next execution's response is not mistaken for this one's. */
async function clear(block) {
	const clearButton = block.locator('button.btn-clear');
	if (await clearButton.isVisible()) {
		await clearButton.click();
	}
	await block.locator('.live-responses-table').waitFor({ state: 'detached' });
}

test('/docs: Authorize with the password flow, then GET /users/me answers 200 with the user, '
	+ 'then POST /token/refresh rotates the refresh token', async () => {
	await withPage('docs', async (page) => {
		await page.goto(`${BASE_URL}/docs`);
		await page.locator('.information-container .title', { hasText: 'Posts API' }).waitFor();
		const me = operation(page, 'Users', 'getCurrentUser');
		await me.waitFor();

		// Authorize: the OAuth2 password flow, posting to /login
		await page.locator('.auth-wrapper button.authorize').click();
		const dialog = page.locator('.dialog-ux .modal-ux');
		await dialog.waitFor();
		// the dialog shows each scheme with its own buttons: the bearer token's, then the password flow's
		// (found by its heading: once authorized, its username field becomes text)
		const passwordFlow = dialog.locator('.auth-container').filter({ hasText: 'OAuth2, password' });
		await passwordFlow.locator('#oauth_username').fill(user.user_id);
		await passwordFlow.locator('#oauth_password').fill(user.password);
		const loginAnswer = page.waitForResponse((r) => r.request().method() === 'POST'
			&& new URL(r.url()).pathname === '/login');
		await passwordFlow.locator('.auth-btn-wrapper button.authorize').click();
		const login = await loginAnswer;

		const loginForm = new URLSearchParams(login.request().postData() ?? '');
		assert.equal(new URL(login.url()).origin, ORIGIN, 'the Authorize dialog posted to another origin');
		assert.equal(loginForm.get('grant_type'), 'password');
		assert.equal(loginForm.get('username'), user.user_id);
		assert.equal(login.status(), 200, `POST /login answered ${login.status()}: ${await login.text()}`);
		const tokens = await login.json();
		assert.equal(tokens.token_type.toLowerCase(), 'bearer');
		assert.ok(tokens.access_token, 'the login answer has no access_token');
		assert.ok(tokens.refresh_token, 'the login answer has no refresh_token');

		// the dialog now says so (a Logout button), and closes
		await passwordFlow.locator('.auth-btn-wrapper button.authorize', { hasText: 'Logout' }).waitFor();
		assert.equal(await dialog.locator('.errors').count(), 0, 'the Authorize dialog shows an error');
		await passwordFlow.locator('button.btn-done').click();
		await dialog.waitFor({ state: 'detached' });
		assert.ok(await page.locator('.auth-wrapper button.authorize.locked').isVisible(),
			'the Authorize button does not show the locked (authorized) state');

		// GET /users/me through "Try it out" with the token the dialog got
		const profile = await tryItOut(me);
		assert.equal(profile.status, '200', `GET /users/me rendered ${profile.status}: ${profile.body}`);
		const shown = JSON.parse(profile.body);
		assert.equal(shown.user_id, user.user_id);
		assert.equal(shown.email, user.email);
		assert.ok(!('password' in shown), 'the profile shows a password');
		const curl = await me.locator('.curl-command').textContent();
		assert.match(curl, new RegExp(`Authorization: Bearer ${tokens.access_token}`),
			'GET /users/me was not sent with the token from the Authorize dialog');

		// The refresh flow: POST /token/refresh with the refresh token of that login
		const refresh = operation(page, 'Authentication', 'refreshToken');
		const setBody = (refreshToken) => async (block) => {
			await block.locator('textarea.body-param__text').fill(JSON.stringify({ refresh_token: refreshToken }));
		};
		const refreshed = await tryItOut(refresh, setBody(tokens.refresh_token));
		assert.equal(refreshed.status, '200', `POST /token/refresh rendered ${refreshed.status}: ${refreshed.body}`);
		const pair = JSON.parse(refreshed.body);
		assert.ok(pair.access_token, 'the refresh answer has no access_token');
		assert.ok(pair.refresh_token, 'the refresh answer has no refresh_token');
		assert.notEqual(pair.refresh_token, tokens.refresh_token, 'the refresh token was not rotated');
		assert.notEqual(pair.access_token, tokens.access_token, 'the access token was not renewed');

		// the new refresh token works in turn (checked once, then the spent one is refused)
		await clear(refresh);
		const again = await tryItOut(refresh, setBody(pair.refresh_token));
		assert.equal(again.status, '200', `refreshing with the new token rendered ${again.status}: ${again.body}`);
		await clear(refresh);
		const spent = await tryItOut(refresh, setBody(tokens.refresh_token));
		assert.equal(spent.status, '401', `the spent refresh token rendered ${spent.status}: ${spent.body}`);

		await settle(page);
		assertNothingLeftTheService('/docs');
	});
});

test('/redoc renders the API, and nothing it loads comes from outside the service', async () => {
	await withPage('redoc', async (page) => {
		await page.goto(`${BASE_URL}/redoc`);
		await page.locator('.api-info h1', { hasText: 'Posts API' }).waitFor();
		// the menu lists the tags and their operations; the content has a section for each operation
		await page.locator('.menu-content label', { hasText: 'Users' }).first().waitFor();
		await page.locator('.menu-content label', { hasText: 'The caller\'s profile' }).first().waitFor({ state: 'attached' });
		const me = page.locator('[data-section-id="tag/Users/operation/getCurrentUser"]').first();
		await me.scrollIntoViewIfNeeded();
		await me.locator('h2', { hasText: 'The caller\'s profile' }).waitFor();
		await me.getByText('/users/me').first().waitFor({ state: 'attached' });
		assert.equal(await page.getByText('Something went wrong').count(), 0, 'ReDoc shows an error');
		await settle(page);
		assertNothingLeftTheService('/redoc');
	});
});
