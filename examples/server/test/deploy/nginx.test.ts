/**
 * Issue 12: the documented deployment, run for real without Docker. The repository's
 * `deploy/nginx.conf` (Debian's nginx, a self-signed certificate) terminates TLS on a loopback port
 * in front of two server processes (`src/main.ts`, NODE_ENV=production) sharing one PostgreSQL
 * database and one Redis prefix. Every request of the seed flow and of the OAuth code flow with PKCE
 * goes through https://. Test clients connect from their own loopback addresses (127.0.0.x), so the
 * rate limits show which address the server counted.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { SERVER_ROOT } from '../../src/config.js';
import { createPostgresDatabase, createRedisPrefix, SHARED_REDIS_URL } from '../helpers/env.js';
import { type RunningNginx, startNginx, trustingFetch, type TrustingFetch } from '../helpers/nginx.js';
import { freePort } from '../helpers/processes.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { FormBrowser, hiddenFields } from '../oauth/helpers.js';

const PER_IP = 4;
const TRUSTED_PROXY = '127.0.0.1';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

describe('nginx (deploy/nginx.conf) with TLS in front of two instances on PostgreSQL and Redis', () => {
  let nginx: RunningNginx;
  const instances: ServerProcess[] = [];
  const clients: TrustingFetch[] = [];
  let cleanups: Array<() => Promise<void>> = [];
  let env: Record<string, string>;

  /** A client connecting from its own loopback address. */
  const clientAt = (address: string) => {
    const client = trustingFetch(nginx.ca, address);
    clients.push(client);
    return client;
  };

  const call = async (client: TrustingFetch, url: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await client.fetch(url, { method: init.method ?? (init.json === undefined ? 'GET' : 'POST'), headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };

  const newUser = async (client: TrustingFetch) => {
    const username = `nginx_${randomBytes(4).toString('hex')}`;
    const password = 'password123';
    const res = await call(client, `${nginx.url}/register`, { json: { username, email: `${username}@example.com`, password } });
    expect(res.status).toBe(201);
    return { username, password };
  };

  beforeAll(async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const redis = createRedisPrefix();
    cleanups.push(() => redis.cleanup());
    const ports = [await freePort(), await freePort()];
    nginx = await startNginx({ upstreams: ports.map((port) => `127.0.0.1:${port}`) });
    env = {
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(48).toString('base64'),
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      OAUTH_ISSUER: nginx.url,
      TRUST_PROXY: TRUSTED_PROXY,
      RATE_LIMIT_PER_IP: String(PER_IP),
      SCRYPT_LOG_N: '10',
      LOG_LEVEL: 'info',
    };
    // One after the other: the first creates the tables and the signing key.
    for (const port of ports) instances.push(await startServerProcess(env, port));
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(instances.map((instance) => instance.kill()));
    await nginx?.stop();
    await Promise.allSettled(clients.map((client) => client.close()));
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
    cleanups = [];
  }, 60_000);

  it('publishes the https URL as the issuer; the answer comes through nginx (HSTS) and TLS is verified', async () => {
    const client = clientAt('127.0.0.2');
    const res = await call(client, `${nginx.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ issuer: nginx.url, authorization_endpoint: `${nginx.url}/authorize`, token_endpoint: `${nginx.url}/token`, jwks_uri: `${nginx.url}/.well-known/jwks.json` });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    // The same request with the system CAs only fails: the certificate really is checked.
    await expect(fetch(`${nginx.url}/.well-known/openid-configuration`)).rejects.toThrow();
    // Plain HTTP only redirects to https.
    const plain = await fetch(`http://127.0.0.1:${nginx.httpPort}/me`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`${nginx.url}/me`);
  });

  it('runs the seed flow through https: register, login, /me, refresh, logout; both instances agree', async () => {
    const client = clientAt('127.0.0.3');
    const user = await newUser(client);
    const login = await call(client, `${nginx.url}/login`, { json: user });
    expect(login.status).toBe(200);
    const me = await call(client, `${nginx.url}/me`, { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(user.username);
    // A token issued behind the proxy is accepted by each instance directly.
    for (const instance of instances) expect((await call(client, `${instance.url}/me`, { token: login.body.access_token })).status).toBe(200);

    const refreshed = await call(client, `${nginx.url}/refresh`, { method: 'POST', token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(login.body.access_token);
    const logout = await call(client, `${nginx.url}/logout`, { method: 'POST', token: refreshed.body.access_token });
    expect(logout.status).toBeLessThan(300);
    // Logged out through whichever instance nginx picked: refused by both at once.
    for (const instance of instances) expect((await call(client, `${instance.url}/me`, { token: refreshed.body.access_token })).status).toBe(401);
    expect((await call(client, `${nginx.url}/me`, { token: refreshed.body.access_token })).status).toBe(401);
  });

  it('runs the authorization code flow with PKCE through https: Secure __Host- cookies, the https Origin accepted, a cross-origin post refused', async () => {
    const client = clientAt('127.0.0.4');
    const user = await newUser(client);
    const redirectUri = 'https://app.example/callback';
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/oauth/cli/clients.ts', 'create', '--name', 'nginx SPA', '--type', 'public', '--redirect-uri', redirectUri,
        '--grant', 'authorization_code', '--grant', 'refresh_token', '--scope', 'openid profile api:read', '--first-party'],
      { cwd: SERVER_ROOT, env: { PATH: process.env.PATH ?? '', ENV_FILE: '/nonexistent/.env', DATABASE_URL: env.DATABASE_URL! } },
    );
    const spa: oauth.Client = { client_id: (JSON.parse(stdout) as { client_id: string }).client_id };
    const options = { [oauth.customFetch]: client.fetch } as const;

    const issuer = new URL(nginx.url);
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
    expect(browser.setCookies).toEqual([expect.stringMatching(/^__Host-webjwt_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/)]);
    const fields = { ...hiddenFields(page.html!), ...user };

    // Posted from another origin (another site, or the instance's own address): refused, no cookie.
    for (const origin of ['https://evil.example', instances[0]!.url, `http://127.0.0.1:${nginx.httpsPort}`]) {
      const refused = await browser.request(`${nginx.url}/authorize`, { form: fields, headers: { origin } });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Cross-site form submission refused');
    }
    expect(browser.cookies.has('__Host-webjwt_sso')).toBe(false);

    // Posted with the https Origin, as the browser sends it: signed in.
    const signedIn = await browser.request(`${nginx.url}/authorize`, { form: fields });
    expect(signedIn.status).toBe(303);
    expect(browser.setCookies.at(-1)).toMatch(/^__Host-webjwt_sso=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const location = new URL(signedIn.location!);
    expect(location.searchParams.get('iss')).toBe(nginx.url);

    const callback = oauth.validateAuthResponse(as, spa, location, state);
    const response = await oauth.authorizationCodeGrantRequest(as, spa, oauth.None(), callback, redirectUri, verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, spa, response, { expectedNonce: nonce, requireIdToken: true });
    expect(decodeUnverified(tokens.access_token).payload.iss).toBe(nginx.url);
    expect(oauth.getValidatedIdTokenClaims(tokens)!.iss).toBe(nginx.url);
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
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(first, nginx.url, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
    expect((await wrongLogin(first, nginx.url, { 'x-forwarded-for': '203.0.113.200' })).status).toBe(429);
    // Another client through the same nginx has its own budget (so the server does not count nginx's
    // address), even when it claims to be the first one.
    const second = clientAt('127.0.0.6');
    expect((await wrongLogin(second, nginx.url, { 'x-forwarded-for': '127.0.0.5' })).status).toBe(401);

    // A client reaching an instance directly is not a listed proxy: its X-Forwarded-For is ignored.
    const direct = clientAt('127.0.0.7');
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(direct, instances[1]!.url, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    expect((await wrongLogin(direct, instances[1]!.url, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
    // ...and it cannot spend another client's budget by naming it either.
    const spoofer = clientAt('127.0.0.8');
    for (let i = 0; i < PER_IP; i++) expect((await wrongLogin(spoofer, instances[0]!.url, { 'x-forwarded-for': '127.0.0.6' })).status).toBe(401);
    expect((await wrongLogin(second, nginx.url)).status).toBe(401);
  });
});
