/** The fixed-window limiter, in memory (controlled clock) and in Redis (one Redis, and a Redis Cluster). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, createMemoryRateLimiter, createRedisRateLimiter, enforceRateLimits } from '../src/rate-limit.js';
import { HttpError } from '../src/http-errors.js';
import { createTestClock } from './helpers/env.js';
import { REDIS_TARGETS, type RedisUnderTest } from './helpers/redis-targets.js';

describe('memory limiter', () => {
  it('allows `limit` hits per window per key, then says when to retry', async () => {
    const clock = createTestClock(0);
    const limiter = createMemoryRateLimiter({ windowSeconds: 60, clock });
    for (let i = 0; i < 3; i++) expect(await limiter.hit('a', 3)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.hit('b', 3)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    clock.advance(20_500);
    expect(await limiter.hit('a', 3)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    clock.advance(39_500);
    expect(await limiter.hit('a', 3)).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it('stays bounded, dropping the oldest windows first', async () => {
    const clock = createTestClock(0);
    const limiter = createMemoryRateLimiter({ windowSeconds: 60, clock, maxKeys: 2 });
    await limiter.hit('a', 1);
    await limiter.hit('b', 1);
    await limiter.hit('c', 1); // evicts "a"
    expect((await limiter.hit('a', 1)).allowed).toBe(true);
    expect((await limiter.hit('c', 1)).allowed).toBe(false);
  });
});

describe('memory limiter bounds (issue 11, point 3)', () => {
  it('keeps a busy key while others churn: the least recently used window goes first', async () => {
    const limiter = createMemoryRateLimiter({ windowSeconds: 60, clock: createTestClock(0), maxKeys: 3 });
    for (let i = 0; i < 100; i++) {
      await limiter.hit('ip', 1_000);
      await limiter.hit(`user${i}`, 1);
    }
    expect(await limiter.hit('ip', 100)).toMatchObject({ allowed: false });
    expect([...limiter.keys()].length).toBeLessThanOrEqual(3);
  });

  it('forgets a key on reset', async () => {
    const limiter = createMemoryRateLimiter({ windowSeconds: 60, clock: createTestClock(0) });
    await limiter.hit('k', 1);
    expect((await limiter.hit('k', 1)).allowed).toBe(false);
    await limiter.reset('k');
    expect((await limiter.hit('k', 1)).allowed).toBe(true);
  });
});

describe('addressKey', () => {
  it('counts IPv4 per address and IPv6 per /64 network, whatever the spelling', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });
});

describe('enforceRateLimits', () => {
  it('throws 429 with the longest Retry-After of the rules that are over', async () => {
    const limiter = createMemoryRateLimiter({ windowSeconds: 30, clock: createTestClock(0) });
    await enforceRateLimits(limiter, [{ key: 'ip', limit: 1 }, { key: 'user', limit: 5 }]);
    const err = await enforceRateLimits(limiter, [{ key: 'ip', limit: 1 }, { key: 'user', limit: 5 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ statusCode: 429, headers: { 'Retry-After': '30' } });
  });

  it('throws 503 when the limiter cannot be consulted', async () => {
    const broken = { hit: async () => Promise.reject(new Error('down')), reset: async () => undefined };
    await expect(enforceRateLimits(broken, [{ key: 'k', limit: 1 }])).rejects.toMatchObject({ statusCode: 503 });
  });
});

describe.each(REDIS_TARGETS)('Redis limiter ($name)', (target) => {
  let under: RedisUnderTest;
  beforeAll(async () => {
    under = await target.setup();
  });
  afterAll(async () => {
    await under?.teardown();
  });

  it('counts in Redis with an expiring window', async () => {
    const { redis, prefix } = under;
    const limiter = createRedisRateLimiter(redis, { windowSeconds: 60, prefix });
    expect(await limiter.hit('login:ip:1', 2)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.hit('login:ip:1', 2)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    const third = await limiter.hit('login:ip:1', 2);
    expect(third.allowed).toBe(false);
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    const ttl = await redis.ttl(`${prefix}ratelimit:login:ip:1`);
    expect(ttl).toBeGreaterThan(0);
    await limiter.reset('login:ip:1');
    expect(await redis.exists(`${prefix}ratelimit:login:ip:1`)).toBe(0);
  });

  it('keeps each key in its own slot: keys on every master count apart', async () => {
    const { redis, prefix, cluster } = under;
    const limiter = createRedisRateLimiter(redis, { windowSeconds: 60, prefix });
    const keys = Array.from({ length: 12 }, (_, i) => `signin:ip:198.51.100.${i}`);
    if (cluster) {
      // The transaction of each hit runs on the master of its key: here all three are used.
      const ports = new Set(await Promise.all(keys.map(async (key) => (await cluster.nodeOf(`${prefix}ratelimit:${key}`)).port)));
      expect(ports.size).toBe(3);
    }
    for (const key of keys) expect(await limiter.hit(key, 1)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    for (const key of keys) expect((await limiter.hit(key, 1)).allowed).toBe(false);
  });
});
