/**
 * Redis misbehaving (issue 11, points 9 and 10), on a private redis-server of this test (the shared
 * one is never touched): hung (SIGSTOP: connections stay open, nothing answers) and down (SIGKILL),
 * every route that consults Redis answers 503 with `Retry-After` within the command timeout; and
 * restarted empty, no revocation is forgotten: they are kept in the database and restored.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { decodeUnverified } from 'webjwt';
import { revocationKeys } from '../src/auth/revocation-redis.js';
import { StoreUnavailableError } from '../src/store-errors.js';
import { createPostgresDatabase, createTestClock, startServer, type TestClock, testConfig, type TestServer } from './helpers/env.js';
import { login, register, request } from './helpers/client.js';
import { expectAllUnavailable, type Fixture, prepareFixture, type Probe, redisProbes } from './helpers/every-route.js';
import { eventually, freePort, startPrivateRedis, stopProcess } from './helpers/processes.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

/** `active` of an introspection (the token must be one of ours for `basic`'s client). */
async function introspect(url: string, basic: string, token: string): Promise<boolean> {
  const res = await postForm(url, '/introspect', basic, { token });
  expect(res.status).toBe(200);
  return res.body!.active as boolean;
}

async function postForm(url: string, path: string, basic: string, fields: Record<string, string>) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('Redis hung, down, and restarted empty (PostgreSQL + a private Redis)', () => {
  let redis: ChildProcess;
  let port: number;
  let server: TestServer;
  let fixture: Fixture;
  let dropDatabase: () => Promise<void>;
  const clock: TestClock = createTestClock();

  beforeAll(async () => {
    port = await freePort();
    redis = await startPrivateRedis(port);
    const database = await createPostgresDatabase();
    dropDatabase = database.drop;
    server = await startServer(
      testConfig({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'fault:', REDIS_COMMAND_TIMEOUT_MS: '300' }),
      clock,
    );
    fixture = await prepareFixture(server);
  });

  afterAll(async () => {
    await server?.close();
    if (redis) await stopProcess(redis);
    await dropDatabase?.();
  });

  const recovered = () => eventually(async () => (await request(server.url, '/me', { token: fixture.pair.access_token })).status === 200);

  it('hung (SIGSTOP): every route that consults Redis answers 503, then recovers when it resumes', async () => {
    redis.kill('SIGSTOP');
    try {
      await expectAllUnavailable(redisProbes(server.url, fixture));
      const health = await request(server.url, '/health');
      expect(health).toMatchObject({ status: 503, body: { status: 'degraded', database: 'ok', redis: 'unavailable' } });
    } finally {
      redis.kill('SIGCONT');
    }
    await recovered();
  });

  it('down (SIGKILL): every route that consults Redis answers 503, then recovers when it returns', async () => {
    await stopProcess(redis);
    await expectAllUnavailable(redisProbes(server.url, fixture));
    redis = await startPrivateRedis(port);
    await recovered();
    expect((await request(server.url, '/health')).body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('restarted empty: every kind of revocation still holds', async () => {
    // OAuth: a user access token revoked with /revoke (its grant stays live), and a client-credentials
    // token revoked with /revoke (no grant, no session: only the revocation store knows).
    const user = await postForm(server.url, '/token', fixture.basic, { grant_type: 'password', username: fixture.username, password: 'password123', scope: 'openid api:read' });
    const service = await postForm(server.url, '/token', fixture.basic, { grant_type: 'client_credentials', scope: 'api:read' });
    const userToken = user.body!.access_token as string;
    const serviceToken = service.body!.access_token as string;
    const kept = (await postForm(server.url, '/token', fixture.basic, { grant_type: 'client_credentials', scope: 'api:read' })).body!.access_token as string;
    for (const token of [userToken, serviceToken]) {
      expect((await postForm(server.url, '/revoke', fixture.basic, { token })).status).toBe(200);
      expect(await introspect(server.url, fixture.basic, token)).toBe(false);
    }
    // The server's own tokens: /logout (token ID) and /logout-all (subject).
    const { username: alice } = await register(server.url);
    const loggedOut = await login(server.url, alice);
    expect((await request(server.url, '/logout', { method: 'POST', token: loggedOut.access_token })).status).toBe(200);
    const { username: bob } = await register(server.url);
    const everywhere = await login(server.url, bob);
    clock.advance(1_000); // the subject cutoff is in whole seconds: make the token older than it
    expect((await request(server.url, '/logout-all', { method: 'POST', token: everywhere.access_token })).status).toBe(200);
    const live = await login(server.url, alice);

    await stopProcess(redis);
    redis = await startPrivateRedis(port);
    await eventually(async () => (await request(server.url, '/health')).status === 200);

    expect(await introspect(server.url, fixture.basic, kept)).toBe(true);
    for (const token of [userToken, serviceToken]) expect(await introspect(server.url, fixture.basic, token)).toBe(false);
    // In the store itself, not only through the session rows.
    for (const token of [loggedOut.access_token, everywhere.access_token]) {
      const { jti, sub, iat, exp } = decodeUnverified(token).payload as Record<string, never>;
      expect(await server.deps.revocation.isRevoked({ jti, sub, iat, exp })).toBe(true);
      expect((await request(server.url, '/me', { token })).status).toBe(401);
    }
    expect((await request(server.url, '/me', { token: live.access_token })).status).toBe(200);
  });
});

describe('server restart with the same SQLite file (SQLite + memory store)', () => {
  let dir: string;
  let server: TestServer | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'webjwt-restart-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps token-ID and subject revocations', async () => {
    // A fixed issuer: by default it is the listening address, which changes with the port.
    const env = { DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, OAUTH_ISSUER: 'http://127.0.0.1:8000' };
    const clock = createTestClock();
    server = await startServer(testConfig(env), clock);
    const fixture = await prepareFixture(server);
    const service = await postForm(server.url, '/token', fixture.basic, { grant_type: 'client_credentials', scope: 'api:read' });
    const serviceToken = service.body!.access_token as string;
    const kept = (await postForm(server.url, '/token', fixture.basic, { grant_type: 'client_credentials', scope: 'api:read' })).body!.access_token as string;
    expect((await postForm(server.url, '/revoke', fixture.basic, { token: serviceToken })).status).toBe(200);
    const { username } = await register(server.url);
    const pair = await login(server.url, username);
    clock.advance(1_000); // the subject cutoff is in whole seconds: make the token older than it
    expect((await request(server.url, '/logout-all', { method: 'POST', token: pair.access_token })).status).toBe(200);
    await server.close();

    server = await startServer(testConfig(env), clock);
    expect(await introspect(server.url, fixture.basic, kept)).toBe(true);
    expect(await introspect(server.url, fixture.basic, serviceToken)).toBe(false);
    const { jti, sub, iat, exp } = decodeUnverified(pair.access_token).payload as Record<string, never>;
    expect(await server.deps.revocation.isRevoked({ jti, sub, iat, exp })).toBe(true);
  });
});

describe('a revocation that reached the database but not Redis (PostgreSQL + a private Redis behind a proxy)', () => {
  let redis: ChildProcess;
  let port: number;
  let proxy: TcpProxy;
  let server: TestServer;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startPrivateRedis(port);
    proxy = await startTcpProxy({ host: '127.0.0.1', port });
    const database = await createPostgresDatabase();
    dropDatabase = database.drop;
    server = await startServer(
      testConfig({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_PREFIX: 'lost:', REDIS_COMMAND_TIMEOUT_MS: '300' }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    if (redis) await stopProcess(redis);
    await dropDatabase?.();
  });

  it('is written to Redis before the next lookup is answered', async () => {
    const now = Math.floor(Date.now() / 1000);
    const query = { jti: 'lost-write', sub: '1', iat: now };
    // The write to Redis is lost on the way (the connection drops with it), after the database has it.
    proxy.freeze();
    await expect(server.deps.revocation.revoke('lost-write', now + 600)).rejects.toBeInstanceOf(StoreUnavailableError);
    await proxy.refuse();
    await proxy.reopen();
    await eventually(async () => (await request(server.url, '/health')).status === 200);

    const keys = revocationKeys('lost:');
    const direct = createClient({ url: `redis://127.0.0.1:${port}` });
    await direct.connect();
    try {
      // Redis kept its data (and its completeness marker) but never got this revocation...
      expect(await direct.get(keys.jti('lost-write'))).toBeNull();
      expect(await direct.get(keys.markerOf(keys.jti('lost-write')))).not.toBeNull();
      // ...yet the lookup says revoked, and Redis has it now.
      expect(await server.deps.revocation.isRevoked(query)).toBe(true);
      expect(await direct.get(keys.jti('lost-write'))).toBe('1');
    } finally {
      direct.destroy();
    }
  });
});
