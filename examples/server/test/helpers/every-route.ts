/**
 * One request to every route that touches a store, with the credentials each needs, for the fault
 * tests: when a store is down, hung or locked, each must answer (never hang) with 503, `Retry-After`
 * and a JSON error. Requests carry a generous deadline so a hang fails the test instead of stalling it.
 */
import { expect } from 'vitest';
import { createClient } from '../../src/oauth/clients.js';
import { oauthDb } from '../../src/oauth/tables.js';
import type { TestServer } from './env.js';
import { login, type Pair, register, uniqueName, withoutRequestId } from './client.js';

/** Far above every timeout the fault tests configure, far below "never". */
export const ANSWER_DEADLINE_MS = 10_000;

/** Credentials for every route, made while the stores are healthy. */
export interface Fixture {
  username: string;
  pair: Pair;
  clientId: string;
  basic: string;
  /** A user access token and refresh token from the OAuth password grant. */
  oauth: { access_token: string; refresh_token: string };
}

export interface Probe {
  name: string;
  /** True when the route answers in the OAuth error format (`{"error"}`) rather than `{"detail"}`. */
  oauthFormat: boolean;
  send(): Promise<{ status: number; headers: Headers; body: unknown }>;
}

async function send(url: string, path: string, init: RequestInit) {
  const res = await fetch(url + path, { ...init, signal: AbortSignal.timeout(ANSWER_DEADLINE_MS) });
  const text = await res.text();
  let body: unknown = text;
  if (res.headers.get('content-type')?.includes('application/json')) body = withoutRequestId(res, JSON.parse(text));
  return { status: res.status, headers: res.headers, body };
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const bearer = (token: string, method = 'GET'): RequestInit => ({ method, headers: { authorization: `Bearer ${token}` } });

/** Registers a user, logs in, and registers a confidential OAuth client with a user token from it. */
export async function prepareFixture(server: TestServer): Promise<Fixture> {
  const { username, password } = await register(server.url);
  const pair = await login(server.url, username);
  const created = await createClient(oauthDb(server.deps.db), {
    name: 'fault test client',
    type: 'confidential',
    redirectUris: ['http://127.0.0.1:5173/callback'],
    grantTypes: ['authorization_code', 'password', 'refresh_token', 'client_credentials'],
    scopes: ['openid', 'profile', 'api:read'],
    firstParty: true,
  });
  const basic = `Basic ${Buffer.from(`${created.client_id}:${created.client_secret!}`).toString('base64')}`;
  const token = await send(server.url, '/token', form(basic, { grant_type: 'password', username, password, scope: 'openid profile api:read' }));
  if (token.status !== 200) throw new Error(`password grant failed: ${token.status} ${JSON.stringify(token.body)}`);
  const oauth = token.body as { access_token: string; refresh_token: string };
  return { username, pair, clientId: created.client_id, basic, oauth };
}

function form(basic: string, fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    body: new URLSearchParams(fields).toString(),
  };
}

/** Every route that reads or writes the database (the JWKS is served from memory: see the instances tests). */
export function databaseProbes(url: string, f: Fixture): Probe[] {
  const api = (name: string, path: string, init: RequestInit): Probe => ({ name, oauthFormat: false, send: () => send(url, path, init) });
  const oauth = (name: string, path: string, init: RequestInit): Probe => ({ name, oauthFormat: true, send: () => send(url, path, init) });
  const fresh = uniqueName('down');
  return [
    api('POST /register', '/register', json({ username: fresh, email: `${fresh}@example.com`, password: 'password123' })),
    api('POST /login', '/login', json({ username: f.username, password: 'password123' })),
    api('POST /refresh', '/refresh', bearer(f.pair.refresh_token, 'POST')),
    api('GET /me', '/me', bearer(f.pair.access_token)),
    api('GET /protected', '/protected', bearer(f.pair.access_token)),
    api('POST /logout', '/logout', bearer(f.pair.access_token, 'POST')),
    api('POST /logout-all', '/logout-all', bearer(f.pair.access_token, 'POST')),
    oauth('POST /token (password)', '/token', form(f.basic, { grant_type: 'password', username: f.username, password: 'password123' })),
    oauth('POST /token (refresh_token)', '/token', form(f.basic, { grant_type: 'refresh_token', refresh_token: f.oauth.refresh_token })),
    oauth('POST /token (client_credentials)', '/token', form(f.basic, { grant_type: 'client_credentials', scope: 'api:read' })),
    oauth('GET /userinfo', '/userinfo', bearer(f.oauth.access_token)),
    oauth('POST /introspect', '/introspect', form(f.basic, { token: f.oauth.access_token })),
    oauth('POST /revoke', '/revoke', form(f.basic, { token: f.oauth.access_token })),
  ];
}

/** Every route that consults Redis (rate limiter or revocation store). */
export function redisProbes(url: string, f: Fixture): Probe[] {
  const redisRoutes = new Set([
    'POST /register',
    'POST /login',
    'POST /refresh',
    'GET /me',
    'GET /protected',
    'POST /logout',
    'POST /logout-all',
    'POST /token (password)',
    'GET /userinfo',
    'POST /introspect',
    'POST /revoke',
  ]);
  return databaseProbes(url, f).filter((probe) => redisRoutes.has(probe.name));
}

/** Sends every probe at once and checks each answered 503 with Retry-After and a JSON error. */
export async function expectAllUnavailable(probes: Probe[]): Promise<void> {
  const answers = await Promise.all(probes.map(async (probe) => ({ probe, res: await probe.send() })));
  for (const { probe, res } of answers) {
    expect(res.status, probe.name).toBe(503);
    expect(res.headers.get('retry-after'), probe.name).toMatch(/^\d+$/);
    expect(res.headers.get('content-type'), probe.name).toContain('application/json');
    expect(res.body, probe.name).toHaveProperty(probe.oauthFormat ? 'error' : 'detail');
  }
}
