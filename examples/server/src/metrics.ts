/**
 * Time spent verifying tokens, for the load test's "share of time in verification". Two cheap
 * accumulators of `performance.now()` deltas; nothing is exported over HTTP.
 *
 * @module
 */

/** Accumulated busy time of one operation. */
export interface Timer {
  /** Number of completed calls. */
  count: number;
  /** Sum of their durations, in milliseconds (overlapping async calls each count fully). */
  totalMs: number;
}

/** What the server measures about token verification. */
export interface VerifyMetrics {
  /** The whole `verify` call: parse, signature, claims and the revocation lookup. */
  verify: Timer;
  /** Only the revocation-store lookups inside it. */
  revocation: Timer;
  /** When the counters were last reset (`performance.now()`). */
  since: number;
}

/**
 * Fresh, zeroed counters.
 *
 * @example
 * ```ts
 * const metrics = createMetrics();
 * await timed(metrics.verify, () => verifyAccess(token));
 * ```
 */
export function createMetrics(): VerifyMetrics {
  return { verify: { count: 0, totalMs: 0 }, revocation: { count: 0, totalMs: 0 }, since: performance.now() };
}

/**
 * Zeroes the counters in place (the bench calls it between phases).
 *
 * @param metrics - The counters.
 * @example
 * ```ts
 * resetMetrics(metrics);
 * ```
 */
export function resetMetrics(metrics: VerifyMetrics): void {
  metrics.verify.count = metrics.verify.totalMs = 0;
  metrics.revocation.count = metrics.revocation.totalMs = 0;
  metrics.since = performance.now();
}

/**
 * Runs `fn` and adds its duration to `timer`, whether it resolves or throws.
 *
 * @param timer - Where to add the duration.
 * @param fn - The operation.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * const result = await timed(metrics.verify, () => verifier(token));
 * ```
 */
export async function timed<T>(timer: Timer, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timer.count += 1;
    timer.totalMs += performance.now() - start;
  }
}
