/**
 * Authorization code + PKCE end to end, with oauth4webapi as the client against our discovery
 * document, once per mode (SQLite + memory store, PostgreSQL + Redis). The browser steps (login and consent forms) are driven by fetch with a cookie jar
 * (`FormBrowser`); every step is a real HTTP request to the real server.
 */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { createTestClock, MODES, type TestClock } from '../helpers/env.js';
import {
  authorizationRequest,
  basic,
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

describe.each(MODES)('authorization code + PKCE ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let user: { username: string; password: string; id: number };
  let teardown: () => Promise<void>;
  let clock: TestClock;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    clock = createTestClock();
    server = await startOAuthServer(backing.env, clock);
    spa = await registerClient(server, { type: 'public', name: 'The SPA' });
    user = await newUser(server);
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  it('shows the login form, then redirects with code, state and iss; the token response is RFC 9068 + OIDC', async () => {
    const browser = new FormBrowser();
    const { url, verifier, state, nonce } = await authorizationRequest(server.as, spa);
    const first = await browser.request(url.toString());
    expect(first.status).toBe(200);
    expect(first.html).toContain('<label for="username">Username</label>');
    expect(first.html).toContain('<label for="password">Password</label>');
    expect(first.html).toContain('>Sign in</button>');

    const result = await browser.authorize(url, { credentials: user });
    expect(result.sawLogin).toBe(true);
    expect(result.sawConsent).toBe(false); // first-party client
    const location = new URL(result.location);
    expect(`${location.origin}${location.pathname}`).toBe(spa.redirectUri);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('iss')).toBe(server.url);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const callback = oauth.validateAuthResponse(server.as, spa.client, location, state);
    const response = await oauth.authorizationCodeGrantRequest(server.as, spa.client, spa.auth, callback, spa.redirectUri, verifier, insecure);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processAuthorizationCodeResponse(server.as, spa.client, response, { expectedNonce: nonce, requireIdToken: true });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toBeTypeOf('string');

    const access = decodeUnverified(tokens.access_token);
    expect(access.header).toMatchObject({ typ: 'at+jwt', alg: 'RS256', kid: expect.any(String) });
    expect(access.payload).toMatchObject({
      iss: server.url,
      sub: String(user.id),
      aud: ['webjwt-resource-server', `${server.url}/userinfo`],
      client_id: spa.client.client_id,
      scope: 'openid profile email api:read',
      jti: expect.any(String),
    });
    expect((access.payload.exp as number) - (access.payload.iat as number)).toBe(600);

    const id = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(id).toMatchObject({ iss: server.url, sub: String(user.id), aud: spa.client.client_id, azp: spa.client.client_id, nonce });
    expect(id.auth_time).toBeTypeOf('number');
  });

  it('sets the SSO cookie HttpOnly and SameSite=Lax (no Secure without TLS)', async () => {
    const { url } = await authorizationRequest(server.as, spa);
    const login = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ ...Object.fromEntries(url.searchParams), action: 'login', username: user.username, password: user.password }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^webjwt_sso=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('answers /userinfo with the claims the scopes allow', async () => {
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    const res = await oauth.userInfoRequest(server.as, spa.client, tokens.access_token, insecure);
    const info = await oauth.processUserInfoResponse(server.as, spa.client, String(user.id), res);
    expect(info).toEqual({ sub: String(user.id), preferred_username: user.username, email: `${user.username}@example.com`, email_verified: false });
    const none = await fetch(server.as.userinfo_endpoint!);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="userinfo"');
    const bad = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}x` } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const malformed = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer  ${tokens.access_token}` } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('www-authenticate')).toMatch(/^Bearer realm="userinfo", error="invalid_request", /);
  });

  it('rotates refresh tokens; reusing one revokes the whole grant', async () => {
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    const first = tokens.refresh_token!;
    const refreshed = await oauth.processRefreshTokenResponse(
      server.as,
      spa.client,
      await oauth.refreshTokenGrantRequest(server.as, spa.client, spa.auth, first, insecure),
    );
    const second = refreshed.refresh_token!;
    expect(second).not.toBe(first);
    expect(decodeUnverified(refreshed.access_token).payload.sid).toBe(decodeUnverified(tokens.access_token).payload.sid);

    // The old one again, after the reuse grace window (test/refresh-grace.test.ts): theft. invalid_grant,
    // and the new refresh token and the access tokens die too.
    clock.advance(11_000);
    const reuse = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: first, client_id: spa.client.client_id });
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token was already used; its grant is revoked' });
    expect(reuse.headers.get('cache-control')).toBe('no-store');
    const after = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: second, client_id: spa.client.client_id });
    expect(after.body?.error).toBe('invalid_grant');
    const info = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    expect(info.status).toBe(401);
  });

  it('refuses a refresh token presented by another client, without revoking it', async () => {
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    const other = await registerClient(server, { type: 'public' });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: other.client.client_id });
    expect(res.body?.error).toBe('invalid_grant');
    const own = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: spa.client.client_id });
    expect(own.status).toBe(200);
  });

  it('narrows the scope on refresh but never widens it', async () => {
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user, { scope: 'openid api:read' });
    const wider = await postForm(server.as.token_endpoint!, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: spa.client.client_id,
      scope: 'openid api:read api:write',
    });
    expect(wider.body).toMatchObject({ error: 'invalid_scope' });
    const narrower = await postForm(server.as.token_endpoint!, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: spa.client.client_id,
      scope: 'api:read',
    });
    expect(narrower.status).toBe(200);
    expect(narrower.body).toMatchObject({ scope: 'api:read' });
  });

  it('SSO: a second client completes /authorize without the password, the third-party one asks for consent only', async () => {
    const browser = new FormBrowser();
    const first = await codeFlow(server, spa, browser, user);
    expect(first.result.sawLogin).toBe(true);

    const other = await registerClient(server, { type: 'public', redirectUris: ['http://127.0.0.1:5174/callback'], firstParty: true });
    const second = await codeFlow(server, other, browser); // no credentials: a login page would throw
    expect(second.result).toMatchObject({ sawLogin: false, sawConsent: false });
    expect(second.tokens.access_token).toBeTypeOf('string');
    // Same login: the same auth_time in both ID tokens.
    expect(oauth.getValidatedIdTokenClaims(second.tokens)!.auth_time).toBe(oauth.getValidatedIdTokenClaims(first.tokens)!.auth_time);

    const partner = await registerClient(server, { type: 'public', redirectUris: ['https://partner.example/cb'], firstParty: false, name: 'Partner <app>' });
    const third = await codeFlow(server, partner, browser);
    expect(third.result).toMatchObject({ sawLogin: false, sawConsent: true });
    expect(browser.pages.at(-1)).toContain('Partner &#60;app&#62;');
  });

  it('prompt=none answers login_required without a session, and end-session signs the browser out', async () => {
    const browser = new FormBrowser();
    const { url, state } = await authorizationRequest(server.as, spa, { prompt: 'none' });
    const step = await browser.request(url.toString());
    const location = new URL(step.location!);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe(state);

    const { tokens } = await codeFlow(server, spa, browser, user);
    const silent = await browser.request((await authorizationRequest(server.as, spa, { prompt: 'none' })).url.toString());
    expect(new URL(silent.location!).searchParams.get('code')).toBeTruthy();
    const hint = encodeURIComponent(tokens.id_token!);
    const out = await browser.request(`${server.url}/end-session?client_id=${spa.client.client_id}&post_logout_redirect_uri=${encodeURIComponent(spa.redirectUri)}&id_token_hint=${hint}`);
    expect(out).toMatchObject({ status: 303, location: spa.redirectUri });
    const after = await browser.request((await authorizationRequest(server.as, spa, { prompt: 'none' })).url.toString());
    expect(new URL(after.location!).searchParams.get('error')).toBe('login_required');
  });

  it('revokes refresh and access tokens (RFC 7009) and introspects them (RFC 7662)', async () => {
    const rs = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(server.as, rs.client, await oauth.introspectionRequest(server.as, rs.client, rs.auth, token, insecure));

    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      client_id: spa.client.client_id,
      sub: String(user.id),
      username: user.username,
      scope: 'openid profile email api:read',
      token_type: 'Bearer',
      iss: server.url,
    });
    expect(await introspect(tokens.refresh_token!)).toMatchObject({ active: true, token_type: 'refresh_token', client_id: spa.client.client_id });
    expect(await introspect('not-a-token')).toEqual({ active: false });

    // Revoking the access token: the store remembers its jti until exp.
    await oauth.processRevocationResponse(await oauth.revocationRequest(server.as, spa.client, spa.auth, tokens.access_token, insecure));
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect((await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    // Revoking the refresh token ends the grant.
    await oauth.processRevocationResponse(await oauth.revocationRequest(server.as, spa.client, spa.auth, tokens.refresh_token!, insecure));
    expect(await introspect(tokens.refresh_token!)).toEqual({ active: false });
    const refresh = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: spa.client.client_id });
    expect(refresh.body?.error).toBe('invalid_grant');
    // Unknown tokens are answered 200 too (RFC 7009 section 2.2).
    const unknown = await postForm(server.as.revocation_endpoint!, { token: 'whatever', client_id: spa.client.client_id });
    expect(unknown.status).toBe(200);
  });

  it('does not let a client revoke another client’s token, and keeps introspection for confidential clients', async () => {
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    const other = await registerClient(server, { type: 'public' });
    expect((await postForm(server.as.revocation_endpoint!, { token: tokens.refresh_token!, client_id: other.client.client_id })).status).toBe(200);
    const still = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: spa.client.client_id });
    expect(still.status).toBe(200);
    const res = await postForm(server.as.introspection_endpoint!, { token: tokens.access_token, client_id: spa.client.client_id });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong client secret with 401 invalid_client and a Basic challenge', async () => {
    const conf = await registerClient(server, { type: 'confidential' });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', code: 'x', redirect_uri: conf.redirectUri, code_verifier: 'x'.repeat(43) }, {
      authorization: basic(conf.client.client_id, 'wrong'),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="oauth"');
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
    const noSecret = await postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: conf.client.client_id });
    expect(noSecret.status).toBe(401);
    const unknown = await postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: 'nobody' });
    expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('answers unsupported_grant_type, invalid_request and a form-only token endpoint per RFC 6749 5.2', async () => {
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: spa.client.client_id });
    expect(res).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const missing = await postForm(server.as.token_endpoint!, { client_id: spa.client.client_id });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'grant_type is required' } });
    const twice = await fetch(server.as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&grant_type=password&client_id=${spa.client.client_id}`,
    });
    expect(await twice.json()).toMatchObject({ error: 'invalid_request', error_description: 'The parameter "grant_type" is repeated' });
    const json = await fetch(server.as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });
});
