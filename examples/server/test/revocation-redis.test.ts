/**
 * The Redis revocation store, on its own and inside webjwt's verify (exact JwtError codes), on one
 * Redis and on a Redis Cluster (where a command across hash slots would fail with CROSSSLOT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createCluster } from 'redis';
import { importKey, isJwtError, sign, verify } from 'webjwt';
import { createRedisRevocationStore, revocationKeys, RevocationsLostError } from '../src/auth/revocation-redis.js';
import type { Redis } from '../src/redis.js';
import { SHARED_REDIS_URL, TEST_SECRET } from './helpers/env.js';
import { REDIS_TARGETS, type RedisUnderTest } from './helpers/redis-targets.js';

describe.each(REDIS_TARGETS)('Redis revocation store ($name)', (target) => {
  let under: RedisUnderTest;
  let redis: Redis;
  let prefix: { prefix: string };
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    under = await target.setup();
    redis = under.redis;
    prefix = { prefix: under.prefix };
  });

  afterAll(async () => {
    await under?.teardown();
  });

  it('revokes a token id until its expiry, with a Redis TTL', async () => {
    const store = createRedisRevocationStore(redis, prefix.prefix);
    expect(await store.isRevoked({ jti: 'j1', sub: '1', iat: now })).toBe(false);
    await store.revoke('j1', now + 600);
    expect(await store.isRevoked({ jti: 'j1', sub: '1', iat: now })).toBe(true);
    expect(await store.isRevoked({ jti: 'j2', sub: '1', iat: now })).toBe(false);
    const ttl = await redis.ttl(revocationKeys(prefix.prefix).jti('j1'));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('does not store what has already expired', async () => {
    const store = createRedisRevocationStore(redis, prefix.prefix);
    await store.revoke('old', now - 1);
    expect(await redis.exists(revocationKeys(prefix.prefix).jti('old'))).toBe(0);
  });

  it('revokes every token of a subject issued before the cutoff, and those without iat', async () => {
    const store = createRedisRevocationStore(redis, prefix.prefix);
    await store.revokeSubject('42', now, now + 600);
    expect(await store.isRevoked({ jti: 'a', sub: '42', iat: now - 1 })).toBe(true);
    expect(await store.isRevoked({ jti: 'b', sub: '42' })).toBe(true);
    expect(await store.isRevoked({ jti: 'c', sub: '42', iat: now })).toBe(false);
    expect(await store.isRevoked({ jti: 'd', sub: '43', iat: now - 1 })).toBe(false);
  });

  it('makes webjwt verify fail with ERR_JWT_REVOKED, and with ERR_REVOCATION_UNAVAILABLE when Redis is gone', async () => {
    const key = await importKey(TEST_SECRET, 'HS256');
    const revocation = createRedisRevocationStore(redis, prefix.prefix);
    const token = await sign({ sub: '7' }, key, { jwtId: 'verify-1', expiresIn: '5m' });
    await expect(verify(token, key, { revocation })).resolves.toMatchObject({ payload: { sub: '7' } });
    await revocation.revoke('verify-1', now + 300);
    const revoked = await verify(token, key, { revocation }).catch((e: unknown) => e);
    expect(isJwtError(revoked, 'ERR_JWT_REVOKED')).toBe(true);

    const closed = under.cluster
      ? createCluster({ rootNodes: under.cluster.nodes.map((node) => ({ url: node.url })) })
      : createClient({ url: SHARED_REDIS_URL, disableOfflineQueue: true });
    const unavailable = await verify(token, key, { revocation: createRedisRevocationStore(closed, prefix.prefix) }).catch((e: unknown) => e);
    expect(isJwtError(unavailable, 'ERR_REVOCATION_UNAVAILABLE')).toBe(true);
  });

  it('detects a lost group: every key is read with the completeness marker of its own slot', async () => {
    const keys = revocationKeys(prefix.prefix);
    const store = createRedisRevocationStore(redis, prefix.prefix, Date.now, { detectLoss: true });
    await expect(store.isRevoked({ jti: 'never-marked', sub: 'x', iat: now })).rejects.toBeInstanceOf(RevocationsLostError);
    await store.markComplete();
    await store.revoke('grouped', now + 600);
    await store.revokeSubject('grouped-sub', now, now + 600);
    expect(await store.isRevoked({ jti: 'grouped', sub: 'x', iat: now })).toBe(true);
    expect(await store.isRevoked({ jti: 'other', sub: 'grouped-sub', iat: now - 1 })).toBe(true);
    expect(await store.isRevoked({ jti: 'other', sub: 'x', iat: now })).toBe(false);

    // Each ID and its group's marker share a hash tag, so a master that lost one lost the other.
    for (const key of [keys.jti('grouped'), keys.sub('grouped-sub')]) {
      expect(key.match(/\{\d+\}/)![0]).toBe(keys.markerOf(key).match(/\{\d+\}/)![0]);
      if (under.cluster) expect(await under.cluster.slotOf(key)).toBe(await under.cluster.slotOf(keys.markerOf(key)));
    }
    // The groups spread over the slots (and so over the masters of a cluster).
    expect(new Set(keys.markers()).size).toBe(64);

    // The marker of the token ID's group is lost (its master restarted empty): the lookup says so
    // instead of answering from a Redis that may have forgotten revocations.
    await redis.del(keys.markerOf(keys.jti('grouped')));
    await expect(store.isRevoked({ jti: 'grouped', sub: 'x', iat: now })).rejects.toBeInstanceOf(RevocationsLostError);
    await store.markComplete();
    await redis.del(keys.markerOf(keys.sub('grouped-sub')));
    await expect(store.isRevoked({ jti: 'other', sub: 'grouped-sub', iat: now })).rejects.toBeInstanceOf(RevocationsLostError);
  });
});
