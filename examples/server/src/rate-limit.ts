/**
 * A fixed-window rate limiter. In memory for one process (an LRU map bounded to `maxKeys` windows,
 * so an attacker inventing keys can neither grow memory nor push out a busy key, which is touched on
 * every hit), or in Redis (one `INCR` + `EXPIRE NX` transaction; every key expires with its window,
 * under `<prefix>ratelimit:`, apart from the revocations) when several processes share the limits.
 * Over the limit: 429 with `Retry-After`. Store down: 503, never "unlimited".
 *
 * Why not a library limiter: rate-limiter-flexible's memory store is an unbounded map with a timer
 * per key and reads `Date.now()`, so it meets neither the bound nor the tests' clock; the Redis part
 * is the three commands below.
 *
 * @module
 */
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';
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
  /** Forgets `key` (a successful sign-in clears its failures). */
  reset(key: string): Promise<void>;
}

/** The in-memory limiter, which can also list its keys (for tests and diagnostics). */
export interface MemoryRateLimiter extends RateLimiter {
  keys(): IterableIterator<string>;
}

/**
 * An in-memory limiter, bounded to `maxKeys` windows; the least recently used goes first.
 *
 * @param options - Window length, clock (ms since the epoch), bound (default 100 000).
 * @example
 * ```ts
 * const limiter = createMemoryRateLimiter({ windowSeconds: 60 });
 * const { allowed } = await limiter.hit('signin:ip:203.0.113.7', 20);
 * ```
 */
export function createMemoryRateLimiter(options: { windowSeconds: number; clock?: () => number; maxKeys?: number }): MemoryRateLimiter {
  const { windowSeconds, clock = Date.now, maxKeys = 100_000 } = options;
  const windows = new LRUCache<string, { count: number; resetAt: number }>({ max: maxKeys });
  return {
    async hit(key, limit) {
      const now = clock();
      let w = windows.get(key);
      if (w === undefined || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, w);
      }
      w.count += 1;
      const allowed = w.count <= limit;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
    },
    async reset(key) {
      windows.delete(key);
    },
    keys: () => windows.keys(),
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
  const redisKey = (key: string) => `${options.prefix}ratelimit:${key}`;
  return {
    async hit(key, limit) {
      const k = redisKey(key);
      const [count, , ttlMs] = (await redis.multi().incr(k).expire(k, options.windowSeconds, 'NX').pTTL(k).exec()) as unknown as [number, number, number];
      const allowed = count <= limit;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(ttlMs / 1000)) };
    },
    async reset(key) {
      await redis.del(redisKey(key));
    },
  };
}

/** A 429: over a limit, with the seconds to wait. */
export class RateLimitedError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `Too many attempts, try again in ${retryAfterSeconds} s`, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/**
 * Counts one hit on each rule and throws 429 if any is over its limit.
 *
 * @param limiter - The limiter.
 * @param rules - Keys and their limits, e.g. per IP and per username.
 * @throws {@link RateLimitedError} (429 with `Retry-After`), or a 503 when the limiter's store is unreachable.
 * @example
 * ```ts
 * await enforceRateLimits(limiter, [{ key: `register:ip:${addressKey(request.ip)}`, limit: 20 }]);
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
  if (retryAfter > 0) throw new RateLimitedError(retryAfter);
}

/**
 * The part of a client address the limits count: the address itself for IPv4, its /64 network for
 * IPv6 (one subscriber usually holds a whole /64, so counting single addresses would give an
 * attacker 2^64 budgets).
 *
 * @param ip - `request.ip`.
 * @example
 * ```ts
 * addressKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 * addressKey('::ffff:203.0.113.7'); // '203.0.113.7'
 * ```
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  let address = ipaddr.parse(ip);
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress()) address = address.toIPv4Address();
  if (address instanceof ipaddr.IPv4) return address.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`);
  return `${network.toString()}/64`;
}
