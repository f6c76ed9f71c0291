/**
 * Issue 12: the documented deployment, run for real without Docker. The repository's
 * `deploy/nginx.conf` (Debian's nginx, a self-signed certificate) terminates TLS on a loopback port
 * in front of two server processes (`src/main.ts`, NODE_ENV=production) sharing one PostgreSQL
 * database and one Redis prefix. Every request of the seed flow and of the OAuth code flow with PKCE
 * goes through https://. Test clients connect from their own loopback addresses (127.0.0.x), so the
 * rate limits show which address the server counted.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { SERVER_ROOT } from '../../src/config.js';
import { call, type Deployment, registerUser, startDeployment } from '../helpers/deployment.js';
import { NGINX_CONF, type TrustingFetch } from '../helpers/nginx.js';
import { FormBrowser, hiddenFields } from '../oauth/helpers.js';

const PER_IP = 4;

describe('deploy/nginx.conf', () => {
  const conf = readFileSync(NGINX_CONF, 'utf8');

  it('forwards exactly the headers the server reads, replacing what the client sent', () => {
    const headers = [...conf.matchAll(/^[ \t]*proxy_set_header[ \t]+(\S+)[ \t]+([^;]+);/gm)].map((m) => `${m[1]} ${m[2]}`);
    // Connection "": keep-alive to the instances (a hop-by-hop header, not read by the app).
    expect(headers).toEqual(['Connection ""', 'X-Forwarded-For $remote_addr', 'X-Forwarded-Proto https', 'X-Request-Id $request_id']);
  });

  it('retries the next instance on errors and timeouts, never re-sending a POST that reached one', () => {
    expect(conf).toMatch(/^[ \t]*proxy_next_upstream error timeout;/m);
    expect(conf).not.toMatch(/non_idempotent/);
  });
});

describe('nginx (deploy/nginx.conf) with TLS in front of two instances on PostgreSQL and Redis', () => {
  let deployment: Deployment;
  const nginxUrl = () => deployment.nginx.url;
  const instance = (i: number) => deployment.instances[i]!;
  const clientAt = (address: string) => deployment.clientAt(address);
  const newUser = (client: TrustingFetch) => registerUser(client, nginxUrl());

  beforeAll(async () => {
    deployment = await startDeployment({ env: { RATE_LIMIT_PER_IP: String(PER_IP) } });
  }, 180_000);
  afterAll(async () => deployment?.stop(), 60_000);

  it('publishes the https URL as the issuer; the answer comes through nginx (HSTS) and TLS is verified', async () => {
    const client = clientAt('127.0.0.2');
    const res = await call(client, `${nginxUrl()}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ issuer: nginxUrl(), authorization_endpoint: `${nginxUrl()}/authorize`, token_endpoint: `${nginxUrl()}/token`, jwks_uri: `${nginxUrl()}/.well-known/jwks.json` });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    // The request ID is nginx's ($request_id, 32 hex digits), not one the client chose.
    const chosen = await call(client, `${nginxUrl()}/me`, { headers: { 'x-request-id': 'client-chosen-id' } });
    expect(chosen.status).toBe(401);
    expect(chosen.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(chosen.body.request_id).toBe(chosen.headers.get('x-request-id'));
    // The same request with the system CAs only fails: the certificate really is checked.
    await expect(fetch(`${nginxUrl()}/.well-known/openid-configuration`)).rejects.toThrow();
    // Plain HTTP only redirects to https.
    const plain = await fetch(`http://127.0.0.1:${deployment.nginx.httpPort}/me`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`${nginxUrl()}/me`);
  });

  it('runs the seed flow through https: register, login, /me, refresh, logout; both instances agree', async () => {
    const client = clientAt('127.0.0.3');
    const user = await newUser(client);
    const login = await call(client, `${nginxUrl()}/login`, { json: user });
    expect(login.status).toBe(200);
    const me = await call(client, `${nginxUrl()}/me`, { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(user.username);
    // A token issued behind the proxy is accepted by each instance directly.
    for (const { url } of deployment.instances) expect((await call(client, `${url}/me`, { token: login.body.access_token })).status).toBe(200);

    const refreshed = await call(client, `${nginxUrl()}/refresh`, { method: 'POST', token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(login.body.access_token);
    const logout = await call(client, `${nginxUrl()}/logout`, { method: 'POST', token: refreshed.body.access_token });
    expect(logout.status).toBeLessThan(300);
    // Logged out through whichever instance nginx picked: refused by both at once.
    for (const { url } of deployment.instances) expect((await call(client, `${url}/me`, { token: refreshed.body.access_token })).status).toBe(401);
    expect((await call(client, `${nginxUrl()}/me`, { token: refreshed.body.access_token })).status).toBe(401);
  });

  it('runs the authorization code flow with PKCE through https: Secure __Host- cookies, the https Origin accepted, a cross-origin post refused', async () => {
    const client = clientAt('127.0.0.4');
    const user = await newUser(client);
    const redirectUri = 'https://app.example/callback';
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/oauth/cli/clients.ts', 'create', '--name', 'nginx SPA', '--type', 'public', '--redirect-uri', redirectUri,
        '--grant', 'authorization_code', '--grant', 'refresh_token', '--scope', 'openid profile api:read', '--first-party'],
      { cwd: SERVER_ROOT, env: { PATH: process.env.PATH ?? '', ENV_FILE: '/nonexistent/.env', DATABASE_URL: deployment.env.DATABASE_URL! } },
    );
    const spa: oauth.Client = { client_id: (JSON.parse(stdout) as { client_id: string }).client_id };
    const options = { [oauth.customFetch]: client.fetch } as const;

    const issuer = new URL(nginxUrl());
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...options }));
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: spa.client_id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile api:read',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce,
    }).toString();

    const browser = new FormBrowser(client.fetch);
    const page = await browser.request(url.toString());
    expect(page.status).toBe(200);
    expect(browser.setCookies).toEqual([expect.stringMatching(/^__Host-webjwt_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/)]);
    const fields = { ...hiddenFields(page.html!), ...user };

    // Posted from another origin (another site, or the instance's own address): refused, no cookie.
    for (const origin of ['https://evil.example', instance(0).url, `http://127.0.0.1:${deployment.nginx.httpsPort}`]) {
      const refused = await browser.request(`${nginxUrl()}/authorize`, { form: fields, headers: { origin } });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Cross-site form submission refused');
    }
    expect(browser.cookies.has('__Host-webjwt_sso')).toBe(false);

    // Posted with the https Origin, as the browser sends it: signed in.
    const signedIn = await browser.request(`${nginxUrl()}/authorize`, { form: fields });
    expect(signedIn.status).toBe(303);
    expect(browser.setCookies.at(-1)).toMatch(/^__Host-webjwt_sso=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const location = new URL(signedIn.location!);
    expect(location.searchParams.get('iss')).toBe(nginxUrl());

    const callback = oauth.validateAuthResponse(as, spa, location, state);
    const response = await oauth.authorizationCodeGrantRequest(as, spa, oauth.None(), callback, redirectUri, verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, spa, response, { expectedNonce: nonce, requireIdToken: true });
    expect(decodeUnverified(tokens.access_token).payload.iss).toBe(nginxUrl());
    expect(oauth.getValidatedIdTokenClaims(tokens)!.iss).toBe(nginxUrl());
    const userinfo = await oauth.userInfoRequest(as, spa, tokens.access_token, options);
    expect((await userinfo.json()).preferred_username).toBe(user.username);

    // The SSO session is in the database: the next /authorize completes on whichever instance, without the form.
    for (let i = 0; i < 2; i++) {
      const again = await browser.request(url.toString());
      expect(again.status).toBe(303);
      expect(new URL(again.location!).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('counts the real client address from X-Forwarded-For set by nginx, and ignores one a client sends', async () => {
    const wrongLogin = (client: TrustingFetch, url: string, headers: Record<string, string> = {}) =>
      call(client, `${url}/login`, { json: { username: 'nobody_here', password: 'wrong-password' }, headers });
    const first = clientAt('127.0.0.5');
    // The client's own X-Forwarded-For is replaced by nginx: it cannot pick a fresh budget per request.
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(first, nginxUrl(), { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
    expect((await wrongLogin(first, nginxUrl(), { 'x-forwarded-for': '203.0.113.200' })).status).toBe(429);
    // Another client through the same nginx has its own budget (so the server does not count nginx's
    // address), even when it claims to be the first one.
    const second = clientAt('127.0.0.6');
    expect((await wrongLogin(second, nginxUrl(), { 'x-forwarded-for': '127.0.0.5' })).status).toBe(401);

    // A client reaching an instance directly is not a listed proxy: its X-Forwarded-For is ignored.
    const direct = clientAt('127.0.0.7');
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(direct, instance(1).url, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    expect((await wrongLogin(direct, instance(1).url, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
    // ...and it cannot spend another client's budget by naming it either.
    const spoofer = clientAt('127.0.0.8');
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(spoofer, instance(0).url, { 'x-forwarded-for': '127.0.0.6' })).status).toBe(401);
    expect((await wrongLogin(second, nginxUrl())).status).toBe(401);
  });
});
