/** The Redis RevocationStore, on its own and inside webjwt's verify (exact JwtError codes). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { importKey, isJwtError, sign, verify } from 'webjwt';
import { createRedisRevocationStore } from '../src/auth/revocation-redis.js';
import { createRedisPrefix, SHARED_REDIS_URL, TEST_SECRET } from './helpers/env.js';

describe('Redis revocation store', () => {
  const prefix = createRedisPrefix();
  const redis = createClient({ url: SHARED_REDIS_URL });
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    await redis.connect();
  });

  afterAll(async () => {
    if (redis.isOpen) redis.destroy();
    await prefix.cleanup();
  });

  it('revokes a token id until its expiry, with a Redis TTL', async () => {
    const store = createRedisRevocationStore(redis, prefix.prefix);
    expect(await store.isRevoked({ jti: 'j1', sub: '1', iat: now })).toBe(false);
    await store.revoke('j1', now + 600);
    expect(await store.isRevoked({ jti: 'j1', sub: '1', iat: now })).toBe(true);
    expect(await store.isRevoked({ jti: 'j2', sub: '1', iat: now })).toBe(false);
    const ttl = await redis.ttl(`${prefix.prefix}revoked:jti:j1`);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('does not store what has already expired', async () => {
    const store = createRedisRevocationStore(redis, prefix.prefix);
    await store.revoke('old', now - 1);
    expect(await redis.exists(`${prefix.prefix}revoked:jti:old`)).toBe(0);
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

    const closed = createClient({ url: SHARED_REDIS_URL, disableOfflineQueue: true });
    const unavailable = await verify(token, key, { revocation: createRedisRevocationStore(closed, prefix.prefix) }).catch((e: unknown) => e);
    expect(isJwtError(unavailable, 'ERR_REVOCATION_UNAVAILABLE')).toBe(true);
  });
});
