/**
 * Everything the routes depend on, built once from the config (the full-stack template's
 * `deps.py`): database, revocation store, rate limiter, password hashing, tokens, clock.
 * Tests build the same object with their own clock, so the app under test is the real one.
 *
 * @module
 */
import { MemoryRevocationStore } from 'webjwt';
import type { Config } from './config.js';
import { type Db, migrate, openDatabase } from './database.js';
import { createMetrics, type VerifyMetrics } from './metrics.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limit.js';
import { closeRedis, connectRedis, type Redis } from './redis.js';
import { checkNoEviction } from './redis-eviction.js';
import { createGetCurrentUser, type GetCurrentUser } from './auth/current-user.js';
import { createPasswords, type Passwords } from './auth/passwords.js';
import { createDurableRevocationStore, type DurableRevocationStore } from './auth/revocation-durable.js';
import { createRedisRevocationStore, type SubjectRevocationStore } from './auth/revocation-redis.js';
import { createTokens, type Tokens } from './auth/tokens.js';

/** The app's dependencies. */
export interface Deps {
  config: Config;
  /** Milliseconds since the epoch; injectable so tests control expiry without sleeping. */
  clock: () => number;
  db: Db;
  /** Present when `REDIS_URL` is set: one Redis, or a Redis Cluster with `REDIS_CLUSTER=true`. */
  redis: Redis | undefined;
  /**
   * Token-ID and subject revocation: kept in the database, read from Redis when configured, else
   * from webjwt's in-memory store (both refilled from the database when they start empty).
   */
  revocation: SubjectRevocationStore;
  rateLimiter: RateLimiter;
  passwords: Passwords;
  tokens: Tokens;
  getCurrentUser: GetCurrentUser;
  metrics: VerifyMetrics;
  /** `draining` turns true when the shutdown starts: `/health/ready` answers 503 from then on. */
  lifecycle: { draining: boolean };
  /** Closes the database pool and the Redis connection. */
  close(): Promise<void>;
}

/**
 * Connects to the database (running migrations) and Redis, and prepares keys and hashing.
 *
 * @param config - Validated settings.
 * @param options - A clock override, where to report Redis connection errors and warnings (default: stderr).
 * @returns The dependencies; call `close()` when done.
 * @throws When the database or Redis cannot be reached at start, Redis may evict revocations, or the secret is unusable.
 * @example
 * ```ts
 * const deps = await createDeps(loadConfig(process.env));
 * const app = await buildApp(deps);
 * ```
 */
export async function createDeps(
  config: Config,
  options: { clock?: () => number; onRedisError?: (err: Error) => void; onWarning?: (message: string) => void } = {},
): Promise<Deps> {
  const clock = options.clock ?? Date.now;
  const db = openDatabase(config.database, config.timeouts);
  let redis: Redis | undefined;
  let revocation: DurableRevocationStore;
  try {
    await migrate(db, config.database.kind, config.timeouts.migrationLockMs);
    if (config.redisUrl !== undefined) {
      redis = await connectRedis(config.redisUrl, {
        onError: options.onRedisError ?? (() => undefined),
        commandTimeoutMs: config.timeouts.redisCommandMs,
        connectTimeoutMs: config.timeouts.redisConnectMs,
        cluster: config.redisCluster,
      });
      await checkNoEviction(redis, options.onWarning ?? ((message) => console.warn(`WARNING: ${message}`)));
    }
    const cache = redis ? createRedisRevocationStore(redis, config.redisPrefix, clock, { detectLoss: true }) : new MemoryRevocationStore({ clock });
    revocation = createDurableRevocationStore(db, cache, clock);
    await revocation.restore();
  } catch (err) {
    await Promise.allSettled([db.destroy(), redis && closeRedis(redis)]);
    throw err;
  }
  const rateLimiter = redis
    ? createRedisRateLimiter(redis, { windowSeconds: config.rateLimit.windowSeconds, prefix: config.redisPrefix })
    : createMemoryRateLimiter({ windowSeconds: config.rateLimit.windowSeconds, clock, maxKeys: config.rateLimit.maxKeys });
  const passwords = createPasswords(config.scrypt, config.passwordHashing);
  await passwords.verifyDummy(''); // compute the dummy hash now, not during the first login
  const metrics = createMetrics();
  const tokens = await createTokens(config, { revocation, clock, metrics });
  return {
    config,
    clock,
    db,
    redis,
    revocation,
    rateLimiter,
    passwords,
    tokens,
    getCurrentUser: createGetCurrentUser({ tokens, db }),
    metrics,
    lifecycle: { draining: false },
    async close() {
      await Promise.allSettled([db.destroy(), redis && closeRedis(redis)]);
    },
  };
}
