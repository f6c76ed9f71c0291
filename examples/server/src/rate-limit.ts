/**
 * A fixed-window rate limiter for login and registration, per client IP and per username. In memory
 * for one process, or in Redis (one `INCR` + `EXPIRE NX` transaction) when several processes share
 * the limits. Over the limit: 429 with `Retry-After`. Redis down: 503, never "unlimited".
 *
 * @module
 */
import { HttpError, serviceUnavailable } from './http-errors.js';
import type { Redis } from './redis.js';

/** The verdict for one hit. */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (0 when allowed). */
  retryAfterSeconds: number;
}

/** Counts hits per key in fixed windows. */
export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` for the current window. */
  hit(key: string, limit: number): Promise<RateLimitResult>;
}

/**
 * An in-memory limiter, bounded to `maxKeys` live windows (the oldest are dropped first).
 *
 * @param options - Window length, clock (ms since the epoch), bound.
 * @example
 * ```ts
 * const limiter = createMemoryRateLimiter({ windowSeconds: 60 });
 * const { allowed } = await limiter.hit('login:ip:203.0.113.7', 20);
 * ```
 */
export function createMemoryRateLimiter(options: { windowSeconds: number; clock?: () => number; maxKeys?: number }): RateLimiter {
  const { windowSeconds, clock = Date.now, maxKeys = 100_000 } = options;
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = (now: number) => {
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
    // Still full: Map iterates in insertion order, so this drops the oldest windows.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    async hit(key, limit) {
      const now = clock();
      let w = windows.get(key);
      if (w === undefined || w.resetAt <= now) {
        if (w === undefined && windows.size >= maxKeys) sweep(now);
        windows.delete(key);
        w = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, w);
      }
      w.count += 1;
      const allowed = w.count <= limit;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
    },
  };
}

/**
 * A limiter shared through Redis.
 *
 * @param redis - A connected client.
 * @param options - Window length and key prefix.
 * @example
 * ```ts
 * const limiter = createRedisRateLimiter(redis, { windowSeconds: 60, prefix: 'webjwt:' });
 * ```
 */
export function createRedisRateLimiter(redis: Redis, options: { windowSeconds: number; prefix: string }): RateLimiter {
  return {
    async hit(key, limit) {
      const k = `${options.prefix}ratelimit:${key}`;
      const [count, , ttlMs] = (await redis.multi().incr(k).expire(k, options.windowSeconds, 'NX').pTTL(k).exec()) as unknown as [number, number, number];
      const allowed = count <= limit;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
  };
}

/**
 * Counts one hit on each rule and throws 429 if any is over its limit.
 *
 * @param limiter - The limiter.
 * @param rules - Keys and their limits, e.g. per IP and per username.
 * @throws {@link HttpError} 429 with `Retry-After`, or 503 when the limiter's store is unreachable.
 * @example
 * ```ts
 * await enforceRateLimits(limiter, [{ key: `login:ip:${request.ip}`, limit: 20 }]);
 * ```
 */
export async function enforceRateLimits(limiter: RateLimiter, rules: readonly { key: string; limit: number }[]): Promise<void> {
  let results: RateLimitResult[];
  try {
    results = await Promise.all(rules.map((rule) => limiter.hit(rule.key, rule.limit)));
  } catch {
    throw serviceUnavailable('Rate limiter unavailable');
  }
  const retryAfter = Math.max(0, ...results.filter((r) => !r.allowed).map((r) => r.retryAfterSeconds));
  if (retryAfter > 0) {
    throw new HttpError(429, 'Too many requests, try again later', { 'Retry-After': String(retryAfter) });
  }
}
