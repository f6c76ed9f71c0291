/**
 * The limits on password attempts, one budget shared by `POST /login`, the sign-in form of
 * `/authorize` and the OAuth password grant:
 *
 * 1. attempts per client address (`RATE_LIMIT_PER_IP`), counted first, so an address over its
 *    budget makes the server keep nothing per username;
 * 2. failures per (username, address) (`RATE_LIMIT_PER_USERNAME`), cleared by a success. Guessing
 *    from one address never locks the owner out from another.
 *
 * @module
 */
import { usernameKey } from '../normalize.js';
import { sha256 } from '../oauth/secrets.js';
import { addressKey, enforceRateLimits, type RateLimiter } from '../rate-limit.js';

/** An attempt that passed the limits; report a success to clear the failures. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
}

/**
 * Counts one password attempt against the limits.
 *
 * @param limiter - The app's limiter.
 * @param limits - Attempts per address and failures per (username, address) per window.
 * @param ip - The client address.
 * @param username - As typed; counted by its normalized form (`usernameKey`), keyed by a fixed-size digest.
 * @returns The attempt; call `succeeded()` after a right password.
 * @throws `RateLimitedError` (429 with `Retry-After`), or a 503 when the limiter is unreachable.
 * @example
 * ```ts
 * const attempt = await startSignIn(deps.rateLimiter, config.rateLimit, request.ip, username);
 * if (valid) await attempt.succeeded();
 * ```
 */
export async function startSignIn(
  limiter: RateLimiter,
  limits: { perIp: number; perUsername: number },
  ip: string,
  username: string,
): Promise<SignInAttempt> {
  const address = addressKey(ip);
  await enforceRateLimits(limiter, [{ key: `signin:ip:${address}`, limit: limits.perIp }]);
  // Counted before the password is checked, so parallel guesses cannot all pass a stale count.
  const failures = `signin:user:${sha256(usernameKey(username))}:${address}`;
  await enforceRateLimits(limiter, [{ key: failures, limit: limits.perUsername }]);
  return {
    async succeeded() {
      // Best effort: if the store is down now, the count simply expires with its window.
      await limiter.reset(failures).catch(() => undefined);
    },
  };
}
