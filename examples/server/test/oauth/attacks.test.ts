/**
 * RFC 9700 (OAuth 2.0 Security Best Current Practice) negative tests: redirect URIs compared
 * exactly, PKCE required and S256 only, single-use short-lived codes bound to client and redirect
 * URI, mix-up defence with `iss`, state and nonce, cross-site form posts.
 */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../helpers/env.js';
import {
  authorizationRequest,
  codeFlow,
  FormBrowser,
  insecure,
  newUser,
  type OAuthServer,
  postForm,
  registerClient,
  startOAuthServer,
  type TestClient,
} from './helpers.js';

describe('RFC 9700 defences', () => {
  let server: OAuthServer;
  let clock: TestClock;
  let spa: TestClient;
  let user: { username: string; password: string; id: number };
  let browser: FormBrowser;

  beforeAll(async () => {
    clock = createTestClock();
    server = await startOAuthServer({}, clock);
    spa = await registerClient(server, { type: 'public', redirectUris: ['http://127.0.0.1:5173/callback?tenant=a'] });
    user = await newUser(server);
    browser = new FormBrowser();
    await codeFlow(server, spa, browser, user); // signed in from here on
  });
  afterAll(async () => server?.close());

  /** Authorizes with the signed-in browser and returns the callback URL. */
  async function callbackFor(client: TestClient, params: Record<string, string> = {}) {
    const request = await authorizationRequest(server.as, client, params);
    const step = await browser.request(request.url.toString());
    return { ...request, location: new URL(step.location ?? 'about:blank'), step };
  }

  const tokenRequest = (client: TestClient, form: Record<string, string>) =>
    postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: client.client.client_id, redirect_uri: client.redirectUri, ...form });

  it.each([
    ['a trailing slash', 'http://127.0.0.1:5173/callback/?tenant=a'],
    ['another query', 'http://127.0.0.1:5173/callback?tenant=b'],
    ['no query', 'http://127.0.0.1:5173/callback'],
    ['another port', 'http://127.0.0.1:5174/callback?tenant=a'],
    ['another host', 'http://localhost:5173/callback?tenant=a'],
    ['a case change', 'http://127.0.0.1:5173/Callback?tenant=a'],
    ['an attacker', 'https://attacker.example/callback?tenant=a'],
  ])('shows an error page (400, no redirect) for a redirect_uri with %s', async (_, redirectUri) => {
    const { step } = await callbackFor(spa, { redirect_uri: redirectUri });
    expect(step.status).toBe(400);
    expect(step.location).toBeUndefined();
    expect(step.html).toContain('The redirect_uri is missing or not registered for this client');
  });

  it('shows an error page for an unknown client and a repeated parameter', async () => {
    const unknown = await browser.request(`${server.url}/authorize?client_id=nobody&response_type=code&redirect_uri=${encodeURIComponent(spa.redirectUri)}`);
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeUndefined();
    const request = await authorizationRequest(server.as, spa);
    const twice = await browser.request(`${request.url}&redirect_uri=${encodeURIComponent('https://attacker.example/')}`);
    expect(twice.status).toBe(400);
    expect(twice.location).toBeUndefined();
  });

  it('keeps the registered query of the redirect URI and appends code, state and iss', async () => {
    const { location, state } = await callbackFor(spa);
    expect(location.searchParams.get('tenant')).toBe('a');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('iss')).toBe(server.url);
  });

  it('requires PKCE: no code_challenge is invalid_request, redirected with state and iss', async () => {
    const { location, state } = await callbackFor(spa, { code_challenge: '' });
    expect(Object.fromEntries(location.searchParams)).toEqual({
      tenant: 'a',
      error: 'invalid_request',
      error_description: 'code_challenge is required (PKCE with S256)',
      state,
      iss: server.url,
    });
  });

  it.each([['plain'], ['s256'], ['']])('refuses code_challenge_method=%j (only S256)', async (method) => {
    const { location } = await callbackFor(spa, { code_challenge_method: method });
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toBe('code_challenge_method must be S256 (plain is not supported)');
  });

  it('refuses a plain-style challenge that is not a SHA-256 hash', async () => {
    const { location } = await callbackFor(spa, { code_challenge: 'short-plain-verifier' });
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a missing or wrong code_verifier without using the code up (the real client still redeems it)', async () => {
    const { location, verifier } = await callbackFor(spa);
    const code = location.searchParams.get('code')!;
    const missing = await tokenRequest(spa, { code });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'code_verifier is required (PKCE)' } });
    const wrong = await tokenRequest(spa, { code, code_verifier: oauth.generateRandomCodeVerifier() });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'The PKCE code_verifier does not match the code_challenge' } });
    const right = await tokenRequest(spa, { code, code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  it('code reuse: the second redemption fails and revokes what the first one issued', async () => {
    const { location, verifier } = await callbackFor(spa);
    const code = location.searchParams.get('code')!;
    const first = await tokenRequest(spa, { code, code_verifier: verifier });
    expect(first.status).toBe(200);
    const second = await tokenRequest(spa, { code, code_verifier: verifier });
    expect(second.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code was already used; the tokens it gave are revoked' });
    const info = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${first.body!.access_token as string}` } });
    expect(info.status).toBe(401);
    const refresh = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: first.body!.refresh_token as string, client_id: spa.client.client_id });
    expect(refresh.body?.error).toBe('invalid_grant');
  });

  it('code injection: a code issued to one client is refused to another, even with the right verifier', async () => {
    const victim = await callbackFor(spa);
    const attacker = await registerClient(server, { type: 'public', redirectUris: [spa.redirectUri] });
    const res = await tokenRequest(attacker, { code: victim.location.searchParams.get('code')!, code_verifier: victim.verifier });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code was issued to another client' });
  });

  it('refuses a redirect_uri at the token endpoint that differs from the authorization request', async () => {
    const { location, verifier } = await callbackFor(spa);
    const res = await postForm(server.as.token_endpoint!, {
      grant_type: 'authorization_code',
      client_id: spa.client.client_id,
      redirect_uri: 'http://127.0.0.1:5173/callback',
      code: location.searchParams.get('code')!,
      code_verifier: verifier,
    });
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' });
  });

  it('mix-up: the client rejects a response whose iss is not its authorization server', async () => {
    const { location, state } = await callbackFor(spa);
    expect(() => oauth.validateAuthResponse(server.as, spa.client, location, state)).not.toThrow();
    location.searchParams.set('iss', 'https://evil-as.example');
    expect(() => oauth.validateAuthResponse(server.as, spa.client, location, state)).toThrow(/"iss"/);
    location.searchParams.delete('iss');
    expect(() => oauth.validateAuthResponse(server.as, spa.client, location, state)).toThrow(/"iss"/);
  });

  it('state: echoed exactly; a callback with another state is rejected by the client', async () => {
    const odd = 'a b&c=d/é';
    const { location } = await callbackFor(spa, { state: odd });
    expect(location.searchParams.get('state')).toBe(odd);
    expect(() => oauth.validateAuthResponse(server.as, spa.client, location, 'expected-state')).toThrow(/"state"/);
  });

  it('nonce: carried into the ID token; the client rejects an ID token for another nonce', async () => {
    const { location, verifier, state } = await callbackFor(spa);
    const callback = oauth.validateAuthResponse(server.as, spa.client, location, state);
    const response = await oauth.authorizationCodeGrantRequest(server.as, spa.client, spa.auth, callback, spa.redirectUri, verifier, insecure);
    await expect(oauth.processAuthorizationCodeResponse(server.as, spa.client, response, { expectedNonce: 'another-nonce' })).rejects.toThrow(
      /"nonce"/,
    );
  });

  it('refuses scopes the client is not registered for (invalid_scope, redirected)', async () => {
    const narrow = await registerClient(server, { type: 'public', scopes: ['openid'], redirectUris: ['http://127.0.0.1:5175/cb'] });
    const { location } = await callbackFor(narrow, { scope: 'openid api:write' });
    expect(location.searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses response_type values other than code, and clients without the grant (unauthorized_client)', async () => {
    const odd = await callbackFor(spa, { response_type: 'code id_token' });
    expect(odd.location.searchParams.get('error')).toBe('unsupported_response_type');
    const serviceOnly = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], redirectUris: ['http://127.0.0.1:5176/cb'] });
    const { location } = await callbackFor(serviceOnly);
    expect(location.searchParams.get('error')).toBe('unauthorized_client');
  });

  it('refuses a cross-site POST of the login form (Origin check) and a consent without the session CSRF token', async () => {
    const { url } = await authorizationRequest(server.as, spa);
    const fields = { ...Object.fromEntries(url.searchParams), action: 'login', username: user.username, password: user.password };
    const cross = await new FormBrowser().request(`${server.url}/authorize`, { form: fields, headers: { origin: 'https://attacker.example' } });
    expect(cross.status).toBe(403);
    const partner = await registerClient(server, { type: 'public', firstParty: false, redirectUris: ['http://127.0.0.1:5177/cb'] });
    const request = await authorizationRequest(server.as, partner);
    const forged = await browser.request(`${server.url}/authorize`, {
      form: { ...Object.fromEntries(request.url.searchParams), action: 'consent', decision: 'allow', csrf: 'guess' },
    });
    expect(forged.status).toBe(200);
    expect(forged.html).toContain('>Allow</button>'); // asked again, nothing issued
    const denied = await browser.authorize(request.url, { decision: 'deny' });
    expect(new URL(denied.location).searchParams.get('error')).toBe('access_denied');
  });

  it('serves the login page unframeable and uncached (clickjacking)', async () => {
    const { url } = await authorizationRequest(server.as, spa);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a wrong password shows the login form again, with no session cookie', async () => {
    const fresh = new FormBrowser();
    const { url } = await authorizationRequest(server.as, spa);
    const res = await fresh.request(`${server.url}/authorize`, { form: { ...Object.fromEntries(url.searchParams), action: 'login', username: user.username, password: 'wrong password' } });
    expect(res.status).toBe(401);
    expect(res.html).toContain('Invalid username or password');
    expect([...fresh.cookies.keys()].filter((name) => name.includes('sso'))).toEqual([]);
  });

  // Last: it moves the clock past the code lifetime.
  it('codes expire after 60 seconds', async () => {
    const { location, verifier } = await callbackFor(spa);
    clock.advance(61_000);
    const res = await tokenRequest(spa, { code: location.searchParams.get('code')!, code_verifier: verifier });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has expired' });
  });
});
