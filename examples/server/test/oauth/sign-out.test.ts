/**
 * Issue 11 point 5: signing out everywhere ends single sign-on too. After `/logout-all` or a password
 * change (`PATCH /me/password`) the SSO cookie mints no code (not even with `prompt=none`), a code
 * minted before is refused, and the OAuth tokens are dead. A bare `GET /end-session` (no
 * `id_token_hint`) asks the user to confirm with a CSRF-protected form instead of signing out on a
 * cross-site link (OpenID RP-Initiated Logout 1.0 section 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from '../helpers/env.js';
import { login, request } from '../helpers/client.js';
import {
  authorizationRequest,
  codeFlow,
  FormBrowser,
  hiddenFields,
  newUser,
  type OAuthServer,
  postForm,
  registerClient,
  startOAuthServer,
  type TestClient,
} from './helpers.js';

describe.each(MODES)('signing out ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer(backing.env);
    spa = await registerClient(server, { type: 'public' });
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  /** A user signed in through the login form: the browser holds the SSO cookie. */
  async function signedIn() {
    const user = await newUser(server);
    const browser = new FormBrowser();
    const { tokens } = await codeFlow(server, spa, browser, user);
    return { user, browser, tokens };
  }
  const silentAuthorize = async (browser: FormBrowser) =>
    new URL((await browser.request((await authorizationRequest(server.as, spa, { prompt: 'none' })).url.toString())).location!);
  const pendingCode = async (browser: FormBrowser) => {
    const request = await authorizationRequest(server.as, spa);
    const step = await browser.request(request.url.toString());
    return { code: new URL(step.location!).searchParams.get('code')!, verifier: request.verifier };
  };
  const redeem = (code: string, verifier: string) =>
    postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: spa.client.client_id, redirect_uri: spa.redirectUri, code, code_verifier: verifier });
  const userinfo = async (accessToken: string) => (await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${accessToken}` } })).status;

  async function expectSsoEnded(browser: FormBrowser, pending: { code: string; verifier: string }, tokens: { access_token: string }) {
    expect((await silentAuthorize(browser)).searchParams.get('error')).toBe('login_required');
    const step = await browser.request((await authorizationRequest(server.as, spa)).url.toString());
    expect(step.status).toBe(200);
    expect(step.html).toContain('>Sign in</button>'); // asked for the password again, no code
    expect(await redeem(pending.code, pending.verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await userinfo(tokens.access_token)).toBe(401);
  }

  it('/logout-all ends every SSO session of the user (two browsers), and codes minted before', async () => {
    const { user, browser, tokens } = await signedIn();
    const other = new FormBrowser();
    await codeFlow(server, spa, other, user);
    const pending = await pendingCode(browser);
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy(); // alive before
    const pair = await login(server.url, user.username, user.password);
    expect((await request(server.url, '/logout-all', { method: 'POST', token: pair.access_token })).status).toBe(200);
    await expectSsoEnded(browser, pending, tokens);
    expect((await silentAuthorize(other)).searchParams.get('error')).toBe('login_required');
  });

  it('/logout-all of one user leaves another user signed in', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const pair = await login(server.url, a.user.username, a.user.password);
    expect((await request(server.url, '/logout-all', { method: 'POST', token: pair.access_token })).status).toBe(200);
    expect((await silentAuthorize(b.browser)).searchParams.get('code')).toBeTruthy();
  });

  it('a password change ends every session; the old password stops working, the new one works', async () => {
    const { user, browser, tokens } = await signedIn();
    const pending = await pendingCode(browser);
    const pair = await login(server.url, user.username, user.password);
    const wrong = await request(server.url, '/me/password', { method: 'PATCH', token: pair.access_token, json: { current_password: 'not it', new_password: 'a brand new password' } });
    expect(wrong).toMatchObject({ status: 400, body: { detail: 'Incorrect password' } });
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy(); // a failed change ends nothing
    const same = await request(server.url, '/me/password', { method: 'PATCH', token: pair.access_token, json: { current_password: user.password, new_password: user.password } });
    expect(same).toMatchObject({ status: 400, body: { detail: 'New password cannot be the same as the current one' } });
    const changed = await request(server.url, '/me/password', { method: 'PATCH', token: pair.access_token, json: { current_password: user.password, new_password: 'a brand new password' } });
    expect(changed).toMatchObject({ status: 200, body: { message: 'Password updated; every session has been signed out' } });
    await expectSsoEnded(browser, pending, tokens);
    expect((await request(server.url, '/me', { token: pair.access_token })).status).toBe(401);
    expect((await request(server.url, '/login', { json: { username: user.username, password: user.password } })).status).toBe(401);
    expect((await login(server.url, user.username, 'a brand new password')).access_token).toBeTypeOf('string');
  });

  it('a bare GET /end-session asks to confirm and signs nobody out; the form (with the session CSRF token) does', async () => {
    const { browser } = await signedIn();
    const link = `${server.url}/end-session?${new URLSearchParams({ client_id: spa.client.client_id, post_logout_redirect_uri: spa.redirectUri, state: 's1' })}`;
    const ask = await browser.request(link);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain('<h1>Sign out?</h1>');
    expect(ask.html).toContain('<form method="post" action="/end-session">');
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy(); // still signed in
    const fields = hiddenFields(ask.html!);
    expect(fields).toMatchObject({ client_id: spa.client.client_id, post_logout_redirect_uri: spa.redirectUri, state: 's1', csrf: expect.any(String) });

    // Forged posts: another site, no CSRF token, a guessed token.
    const cross = await browser.request(`${server.url}/end-session`, { form: { ...fields, decision: 'logout' }, headers: { origin: 'https://attacker.example' } });
    expect(cross.status).toBe(403);
    const { csrf: _csrf, ...withoutCsrf } = fields;
    expect((await browser.request(`${server.url}/end-session`, { form: { ...withoutCsrf, decision: 'logout' } })).status).toBe(403);
    expect((await browser.request(`${server.url}/end-session`, { form: { ...fields, csrf: 'guess', decision: 'logout' } })).status).toBe(403);
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy();

    const stay = await browser.request(`${server.url}/end-session`, { form: { ...fields, decision: 'stay' } });
    expect(stay.html).toContain('Still signed in');
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy();

    const out = await browser.request(`${server.url}/end-session`, { form: { ...fields, decision: 'logout' } });
    expect(out).toMatchObject({ status: 303, location: `${spa.redirectUri}?state=s1` });
    expect((await silentAuthorize(browser)).searchParams.get('error')).toBe('login_required');
  });

  it('GET /end-session with an id_token_hint of the signed-in user signs out at once; another user\'s hint asks', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const link = (hint: string) => `${server.url}/end-session?${new URLSearchParams({ post_logout_redirect_uri: spa.redirectUri, id_token_hint: hint })}`;
    const ask = await a.browser.request(link(b.tokens.id_token!));
    expect(ask.html).toContain('<h1>Sign out?</h1>');
    expect((await silentAuthorize(a.browser)).searchParams.get('code')).toBeTruthy();
    const out = await a.browser.request(link(a.tokens.id_token!));
    expect(out).toMatchObject({ status: 303, location: spa.redirectUri }); // client taken from the hint's aud
    expect((await silentAuthorize(a.browser)).searchParams.get('error')).toBe('login_required');
    expect((await silentAuthorize(b.browser)).searchParams.get('code')).toBeTruthy();
  });

  it('refuses an id_token_hint that is not our ID token (an access token, a forgery) and a foreign redirect', async () => {
    const { browser, tokens } = await signedIn();
    for (const hint of [tokens.access_token, tokens.id_token!.replace(/\.([^.])([^.]*)$/, (_, c: string, rest: string) => `.${c === 'A' ? 'B' : 'A'}${rest}`), 'not.a.jwt']) {
      const res = await browser.request(`${server.url}/end-session?${new URLSearchParams({ id_token_hint: hint })}`);
      expect(res.status).toBe(400);
    }
    const foreign = await browser.request(`${server.url}/end-session?${new URLSearchParams({ client_id: spa.client.client_id, post_logout_redirect_uri: 'https://attacker.example/' })}`);
    expect(foreign.status).toBe(400);
    expect((await silentAuthorize(browser)).searchParams.get('code')).toBeTruthy();
  });
});
