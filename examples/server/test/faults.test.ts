/**
 * Faults: Redis going away mid-run (fail closed with 503, recover by itself), and a server restart
 * that must lose no user and no revocation. The Redis that is stopped is a private one on its own
 * port; the machine's shared Redis is never touched.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { createPostgresDatabase, createRedisPrefix, createTestClock, SHARED_REDIS_URL, startServer, testConfig, type TestServer } from './helpers/env.js';
import { invalidToken, login, type Pair, register, request } from './helpers/client.js';
import { eventually, freePort, startPrivateRedis, stopProcess } from './helpers/processes.js';

describe('Redis outage (PostgreSQL + a private Redis)', () => {
  let redis: ChildProcess;
  let port: number;
  let server: TestServer;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startPrivateRedis(port);
    const database = await createPostgresDatabase();
    dropDatabase = database.drop;
    server = await startServer(testConfig({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'fault:' }));
  });

  afterAll(async () => {
    await server?.close();
    if (redis) await stopProcess(redis);
    await dropDatabase?.();
  });

  it('fails closed with 503 while Redis is down and recovers by itself when it returns', async () => {
    const { username } = await register(server.url);
    const live = await login(server.url, username);
    const revoked = await login(server.url, username);
    expect((await request(server.url, '/logout', { method: 'POST', token: revoked.access_token })).status).toBe(200);

    await stopProcess(redis);

    for (const token of [live.access_token, revoked.access_token]) {
      for (const path of ['/me', '/protected']) {
        const res = await request(server.url, path, { token });
        expect(res.status, path).toBe(503);
        expect(res.body).toEqual({ detail: 'Token revocation service unavailable' });
        expect(res.headers.get('retry-after')).toBe('5');
      }
    }
    const refresh = await request(server.url, '/refresh', { method: 'POST', token: live.refresh_token });
    expect(refresh.status).toBe(503);
    const loginRes = await request(server.url, '/login', { json: { username, password: 'password123' } });
    expect(loginRes).toMatchObject({ status: 503, body: { detail: 'Rate limiter unavailable' } });
    const health = await request(server.url, '/health');
    expect(health).toMatchObject({ status: 503, body: { status: 'degraded', database: 'ok', redis: 'unavailable' } });

    redis = await startPrivateRedis(port);
    await eventually(async () => (await request(server.url, '/me', { token: live.access_token })).status === 200);

    expect((await request(server.url, '/health')).body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    // The private Redis came back empty, yet the logged-out session stays dead: its family row is in PostgreSQL.
    const stillRevoked = await request(server.url, '/me', { token: revoked.access_token });
    expect(stillRevoked.status).toBe(401);
    expect(stillRevoked.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
  });
});

describe('server restart (PostgreSQL + Redis)', () => {
  const prefix = createRedisPrefix();
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void>;
  let server: TestServer | undefined;

  beforeAll(async () => {
    const database = await createPostgresDatabase();
    dropDatabase = database.drop;
    env = { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix.prefix };
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    await dropDatabase?.();
    await prefix.cleanup();
  });

  it('loses no user and no revocation', async () => {
    const clock = createTestClock();
    server = await startServer(testConfig(env), clock);
    const alice = await register(server.url);
    const bob = await register(server.url);
    const loggedOut = await login(server.url, alice.username);
    const kept = await login(server.url, alice.username);
    const rotated = await login(server.url, alice.username);
    const bobSession = await login(server.url, bob.username);
    expect((await request(server.url, '/logout', { method: 'POST', token: loggedOut.access_token })).status).toBe(200);
    const next = (await request<Pair>(server.url, '/refresh', { method: 'POST', token: rotated.refresh_token })).body;
    expect((await request(server.url, '/logout-all', { method: 'POST', token: bobSession.access_token })).status).toBe(200);
    await server.close();

    server = await startServer(testConfig(env), clock);
    // Users survive.
    await expect(login(server.url, alice.username)).resolves.toMatchObject({ token_type: 'bearer' });
    // A live session survives.
    expect((await request(server.url, '/me', { token: kept.access_token })).status).toBe(200);
    expect((await request(server.url, '/me', { token: next.access_token })).status).toBe(200);
    // Revocations survive: logout, logout-all, and the used refresh token is still recognized as used.
    for (const token of [loggedOut.access_token, bobSession.access_token]) {
      const res = await request(server.url, '/me', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
    }
    // ...and the logout is in Redis itself, not only in the session table.
    const { jti, sub, iat, exp } = decodeUnverified(loggedOut.access_token).payload as Record<string, never>;
    expect(await server.deps.revocation.isRevoked({ jti, sub, iat, exp })).toBe(true);
    expect((await request(server.url, '/refresh', { method: 'POST', token: loggedOut.refresh_token })).status).toBe(401);
    clock.advance(11_000); // past the refresh reuse grace window (test/refresh-grace.test.ts)
    const reuse = await request(server.url, '/refresh', { method: 'POST', token: rotated.refresh_token });
    expect(reuse).toMatchObject({ status: 401, body: { detail: 'Refresh token reuse detected: the session has been revoked' } });
  });
});
