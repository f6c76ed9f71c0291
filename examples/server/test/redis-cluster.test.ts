/**
 * The server on a Redis Cluster (`REDIS_CLUSTER=true`, the seed nodes in `REDIS_URL`): a private
 * three-master cluster of this test, PostgreSQL, and the real routes. Every route that consults
 * Redis works (no command crosses hash slots: the cluster would answer CROSSSLOT), the eviction
 * policy is checked on every master, and the hard case: one master killed (kill -9) and restarted
 * empty while the others keep their keys. While it is down, the requests that need it fail closed
 * (503 JSON); once it is back, every revocation it held is refused again, because each group of
 * revocation keys has its completeness marker in its own slot, so the loss is seen and the server
 * refills Redis from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { decodeUnverified } from 'webjwt';
import { revocationKeys } from '../src/auth/revocation-redis.js';
import { createDeps } from '../src/deps.js';
import { createPostgresDatabase, createTestClock, SHARED_REDIS_URL, startServer, type TestClock, testConfig, type TestServer } from './helpers/env.js';
import { login, type Pair, register, request } from './helpers/client.js';
import { ANSWER_DEADLINE_MS, prepareFixture, redisProbes } from './helpers/every-route.js';
import { eventually, freePort } from './helpers/processes.js';
import { type ClusterNode, type PrivateCluster, startRedisCluster } from './helpers/redis-cluster.js';

const PREFIX = 'cluster:';
const keys = revocationKeys(PREFIX);

/** A token and where its revocation keys live. */
interface Tracked {
  pair: Pair;
  jtiNode: ClusterNode;
  subNode: ClusterNode;
}

/** `GET /me` with a deadline, so a hang fails instead of stalling. */
const me = (url: string, token: string) =>
  fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(ANSWER_DEADLINE_MS) });

describe('a Redis Cluster (PostgreSQL + a private three-master cluster)', () => {
  let cluster: PrivateCluster;
  let server: TestServer;
  let dropDatabase: () => Promise<void>;
  const clock: TestClock = createTestClock();
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const database = await createPostgresDatabase();
    dropDatabase = database.drop;
    env = { DATABASE_URL: database.url, REDIS_CLUSTER: 'true', REDIS_URL: cluster.url, REDIS_PREFIX: PREFIX, REDIS_COMMAND_TIMEOUT_MS: '1000' };
    server = await startServer(testConfig(env), clock);
  });

  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
    await dropDatabase?.();
  });

  async function track(pair: Pair): Promise<Tracked> {
    const { jti, sub } = decodeUnverified(pair.access_token).payload as { jti: string; sub: string };
    return { pair, jtiNode: await cluster.nodeOf(keys.jti(jti)), subNode: await cluster.nodeOf(keys.sub(sub)) };
  }

  it('reports "redis":"ok" in /health and /health/ready and serves every route that consults Redis', async () => {
    expect(await request(server.url, '/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok', redis: 'ok' } });
    expect(await request(server.url, '/health/ready')).toMatchObject({ status: 200, body: { status: 'ok', redis: 'ok' } });
    const fixture = await prepareFixture(server);
    for (const probe of redisProbes(server.url, fixture)) {
      const res = await probe.send();
      expect(res.status, `${probe.name}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
  });

  it('refuses to start when any master evicts keys', async () => {
    const last = cluster.nodes[2]!;
    const direct = createClient({ url: last.url });
    await direct.connect();
    try {
      await direct.configSet('maxmemory-policy', 'allkeys-lru');
      await expect(createDeps(testConfig(env))).rejects.toThrow(
        'REDIS_URL: Redis evicts keys when full (maxmemory-policy allkeys-lru), which could bring revoked tokens back: set maxmemory-policy noeviction',
      );
    } finally {
      await direct.configSet('maxmemory-policy', 'noeviction');
      direct.destroy();
    }
    const deps = await createDeps(testConfig(env));
    await deps.close();
  });

  it('answers 503 within the command timeout while a master hangs (SIGSTOP), and recovers when it resumes', async () => {
    const { username } = await register(server.url);
    const pair = await login(server.url, username);
    const tracked = await track(pair);
    const other = await createDeps(testConfig(env));
    const hung = tracked.jtiNode;
    hung.process.kill('SIGSTOP');
    try {
      const res = await me(server.url, pair.access_token);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await request(server.url, '/health')).toMatchObject({ status: 503, body: { status: 'degraded', database: 'ok', redis: 'unavailable' } });
      // Shutting down does not wait for the hung master.
      await other.close();
    } finally {
      hung.process.kill('SIGCONT');
    }
    await eventually(async () => (await me(server.url, pair.access_token)).status === 200, 30_000);
    expect((await request(server.url, '/health')).body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('keeps refusing revoked tokens whose keys were on a master killed and restarted empty; while it is down, requests that need it get 503', async () => {
    // Revoked tokens (/logout: by token ID) until every master holds some, and live ones.
    const { username } = await register(server.url);
    const revoked: Tracked[] = [];
    const live: Tracked[] = [];
    for (let i = 0; i < 60 && new Set(revoked.map((t) => t.jtiNode.port)).size < 3; i++) {
      const tracked = await track(await login(server.url, username));
      expect((await request(server.url, '/logout', { method: 'POST', token: tracked.pair.access_token })).status).toBe(200);
      revoked.push(tracked);
    }
    expect(new Set(revoked.map((t) => t.jtiNode.port)).size).toBe(3);
    for (let i = 0; i < 3; i++) live.push(await track(await login(server.url, username)));
    // And a subject revoked with /logout-all, whose cutoff key lives on some master.
    const { username: everywhere } = await register(server.url);
    const subjectToken = await track(await login(server.url, everywhere));
    clock.advance(1_000); // the cutoff is in whole seconds: make the token older than it
    expect((await request(server.url, '/logout-all', { method: 'POST', token: subjectToken.pair.access_token })).status).toBe(200);
    revoked.push(subjectToken);

    for (const t of revoked) expect((await me(server.url, t.pair.access_token)).status).toBe(401);
    for (const t of live) expect((await me(server.url, t.pair.access_token)).status).toBe(200);

    // The master of the subject's cutoff, which also holds some of the revoked token IDs.
    const victim = subjectToken.subNode;
    const onVictim = (t: Tracked) => t.jtiNode === victim || t.subNode === victim;
    expect(revoked.filter((t) => t.jtiNode === victim).length).toBeGreaterThan(0);

    await cluster.kill(victim);
    // Down: a token whose keys it holds is neither accepted nor refused, but answered 503 (JSON).
    for (const t of [...revoked, ...live]) {
      const res = await me(server.url, t.pair.access_token);
      if (onVictim(t)) {
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toHaveProperty('detail');
      } else {
        // Its keys are on the masters still up (503 only if the cluster has declared itself down).
        expect(revoked.includes(t) ? [401, 503] : [200, 503]).toContain(res.status);
      }
    }
    expect(await request(server.url, '/health')).toMatchObject({ status: 503, body: { redis: 'unavailable' } });
    expect(await request(server.url, '/health/ready')).toMatchObject({ status: 503, body: { status: 'degraded', redis: 'unavailable' } });

    await cluster.restart(victim);
    await eventually(async () => (await request(server.url, '/health')).status === 200, 30_000);
    // It came back empty: the revocations and the markers of its slots are gone...
    const lost = revoked.find((t) => t.jtiNode === victim)!;
    const lostKey = keys.jti((decodeUnverified(lost.pair.access_token).payload as { jti: string }).jti);
    const direct = createClient({ url: victim.url });
    await direct.connect();
    try {
      expect(await direct.get(lostKey)).toBeNull();
      expect(await direct.get(keys.markerOf(lostKey))).toBeNull();
      expect(await direct.dbSize()).toBe(0);

      // ...yet every revoked token is refused, by the revocation store itself (not only through
      // its session rows), every live one accepted, and Redis is refilled.
      for (const t of revoked) {
        const { jti, sub, iat, exp } = decodeUnverified(t.pair.access_token).payload as Record<string, never>;
        expect(await server.deps.revocation.isRevoked({ jti, sub, iat, exp })).toBe(true);
        expect((await me(server.url, t.pair.access_token)).status).toBe(401);
      }
      for (const t of live) expect((await me(server.url, t.pair.access_token)).status).toBe(200);
      expect(await direct.get(lostKey)).toBe('1');
      expect(await direct.get(keys.markerOf(lostKey))).not.toBeNull();
    } finally {
      direct.destroy();
    }
  });
});

describe('REDIS_CLUSTER=true pointing at no cluster', () => {
  it('refuses to start when no seed answers, or when the seed is not in cluster mode', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    await expect(createDeps(testConfig({ REDIS_CLUSTER: 'true', REDIS_URL: `${nobody},${nobody}` }))).rejects.toThrow(
      /^cannot connect to the Redis Cluster: .*ECONNREFUSED/,
    );
    // The shared Redis (only read here): CLUSTER SLOTS fails on a Redis without cluster support.
    await expect(createDeps(testConfig({ REDIS_CLUSTER: 'true', REDIS_URL: SHARED_REDIS_URL }))).rejects.toThrow(
      'cannot connect to the Redis Cluster: ERR This instance has cluster support disabled',
    );
  });
});
