/**
 * Issue 12, behind a TLS proxy (in process; test/deploy/nginx.test.ts runs the real nginx): with an
 * https issuer, or TLS at a trusted proxy (`X-Forwarded-Proto: https` from a `TRUST_PROXY` address),
 * the sign-in cookies are Secure and `__Host-`; forms must come from the issuer's origin; the proxy
 * headers count only from the proxies listed, never from a client connecting directly.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/oauth/clients.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { startServer, testConfig, type TestServer } from '../helpers/env.js';
import { hiddenFields } from './helpers.js';

const PROXY = '127.0.0.1';
const STRANGER = '198.51.100.7';
const SECURE_SSO = /^__Host-webjwt_sso=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Lax$/;
const SECURE_FORM = /^__Host-webjwt_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/;
const PLAIN_FORM = /^webjwt_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/;

interface Fixture {
  server: TestServer;
  authorizeQuery: string;
  user: { username: string; password: string };
}

async function setUp(env: Record<string, string>): Promise<Fixture> {
  const server = await startServer(testConfig(env));
  const username = `proxy${Date.now()}`;
  const password = 'password123';
  await server.deps.db
    .insertInto('users')
    .values({ username, email: `${username}@example.com`, hashed_password: await server.deps.passwords.hash(password), created_at: new Date().toISOString() })
    .execute();
  const client = await createClient(oauthDb(server.deps.db), {
    name: 'Proxy SPA',
    type: 'public',
    redirectUris: ['https://app.example/cb'],
    grantTypes: ['authorization_code'],
    scopes: ['openid'],
    firstParty: true,
  });
  const authorizeQuery = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: 'https://app.example/cb',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  return { server, authorizeQuery, user: { username, password } };
}

/** The login page, then the login form posted with `origin`, both from `remoteAddress` with `headers`. */
async function signIn(f: Fixture, remoteAddress: string, headers: Record<string, string>, origin: string | undefined) {
  const page = await f.server.app.inject({ method: 'GET', url: `/authorize?${f.authorizeQuery}`, remoteAddress, headers });
  const post = await f.server.app.inject({
    method: 'POST',
    url: '/authorize',
    remoteAddress,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    payload: new URLSearchParams({ ...hiddenFields(page.body), ...f.user }).toString(),
  });
  return { page, post };
}

const setCookies = (res: LightMyRequestResponse) => [res.headers['set-cookie'] ?? []].flat();

describe('an https OAUTH_ISSUER (TLS at the proxy, plain HTTP behind it)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp({ OAUTH_ISSUER: 'https://auth.example.com', TRUST_PROXY: PROXY });
  });
  afterAll(async () => f?.server.close());

  it('publishes the https issuer, not the listening address', async () => {
    const res = await f.server.app.inject({ method: 'GET', url: '/.well-known/openid-configuration', remoteAddress: PROXY });
    expect(res.json()).toMatchObject({ issuer: 'https://auth.example.com', authorization_endpoint: 'https://auth.example.com/authorize' });
  });

  it('sets Secure __Host- cookies and accepts the form from the issuer origin, even when the hop to the app is plain HTTP', async () => {
    const { page, post } = await signIn(f, PROXY, {}, 'https://auth.example.com');
    expect(setCookies(page)).toEqual([expect.stringMatching(SECURE_FORM)]);
    expect(post.statusCode).toBe(303);
    expect(setCookies(post)).toEqual([expect.stringMatching(SECURE_SSO)]);
    expect(new URL(post.headers.location as string).searchParams.get('iss')).toBe('https://auth.example.com');

    // The __Host- cookie is the one read back: the next /authorize completes without the form.
    const sso = setCookies(post)[0]!.split(';')[0]!;
    const again = await f.server.app.inject({ method: 'GET', url: `/authorize?${f.authorizeQuery}`, remoteAddress: PROXY, headers: { cookie: sso } });
    expect(again.statusCode).toBe(303);
    expect(new URL(again.headers.location as string).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The same value under the plain name is not a session.
    const plain = await f.server.app.inject({ method: 'GET', url: `/authorize?${f.authorizeQuery}`, remoteAddress: PROXY, headers: { cookie: sso.replace('__Host-', '') } });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toContain('>Sign in</button>');
  });

  it.each([
    ['the listening address', 'http://0.0.0.0:8000'],
    ['the issuer host over http', 'http://auth.example.com'],
    ['another site', 'https://evil.example'],
    ['the host a client names in X-Forwarded-Host', 'https://evil.example'],
  ])('refuses the form posted from %s', async (name, origin) => {
    const headers: Record<string, string> = name.includes('X-Forwarded-Host') ? { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } : {};
    const { post } = await signIn(f, PROXY, headers, origin);
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('Cross-site form submission refused');
    expect(setCookies(post).filter((c) => c.includes('webjwt_sso'))).toEqual([]);
  });

  it('never derives the issuer from X-Forwarded-Host or Host, even from the trusted proxy', async () => {
    const res = await f.server.app.inject({
      method: 'GET',
      url: '/.well-known/openid-configuration',
      remoteAddress: PROXY,
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
    });
    expect(res.json().issuer).toBe('https://auth.example.com');
  });
});

describe('X-Forwarded-Proto without an https issuer (development default issuer)', () => {
  let trusted: Fixture;
  let untrusted: Fixture;
  beforeAll(async () => {
    trusted = await setUp({ TRUST_PROXY: PROXY });
    untrusted = await setUp({});
  });
  afterAll(async () => {
    await trusted?.server.close();
    await untrusted?.server.close();
  });

  it('makes the cookies Secure when a listed proxy says the browser used https', async () => {
    const res = await trusted.server.app.inject({ method: 'GET', url: `/authorize?${trusted.authorizeQuery}`, remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(res)).toEqual([expect.stringMatching(SECURE_FORM)]);
  });

  it('is ignored from a client that is not a listed proxy', async () => {
    const res = await trusted.server.app.inject({ method: 'GET', url: `/authorize?${trusted.authorizeQuery}`, remoteAddress: STRANGER, headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(res)).toEqual([expect.stringMatching(PLAIN_FORM)]);
  });

  it('is ignored when TRUST_PROXY is not set, even from loopback', async () => {
    const res = await untrusted.server.app.inject({ method: 'GET', url: `/authorize?${untrusted.authorizeQuery}`, remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(res)).toEqual([expect.stringMatching(PLAIN_FORM)]);
  });
});

describe('X-Forwarded-For and the rate limits', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp({ OAUTH_ISSUER: 'https://auth.example.com', TRUST_PROXY: PROXY, RATE_LIMIT_PER_IP: '3' });
  });
  afterAll(async () => f?.server.close());

  const login = (remoteAddress: string, forwardedFor: string) =>
    f.server.app.inject({ method: 'POST', url: '/login', remoteAddress, headers: { 'x-forwarded-for': forwardedFor }, payload: { username: 'nobody', password: 'wrong-password' } });

  it('counts the client the listed proxy names, each client on its own budget', async () => {
    for (let i = 0; i < 3; i++) expect((await login(PROXY, '203.0.113.1')).statusCode).toBe(401);
    expect((await login(PROXY, '203.0.113.1')).statusCode).toBe(429);
    expect((await login(PROXY, '203.0.113.2')).statusCode).toBe(401);
  });

  it('counts a direct client by its own address, whatever X-Forwarded-For it sends', async () => {
    for (let i = 0; i < 3; i++) expect((await login(STRANGER, `203.0.113.${10 + i}`)).statusCode).toBe(401);
    expect((await login(STRANGER, '203.0.113.99')).statusCode).toBe(429);
  });
});
