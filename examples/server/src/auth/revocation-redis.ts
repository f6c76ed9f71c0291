/**
 * webjwt's `RevocationStore` over Redis, in a few lines (the template's `blacklist` set, done right):
 * a revoked token ID is one key that Redis expires with the token itself (`SET ... EXAT exp`), and
 * "log out everywhere" is one key per user holding the cutoff time. One `MGET` answers a check.
 * Errors propagate, so webjwt fails closed with `ERR_REVOCATION_UNAVAILABLE`.
 *
 * Redis may restart empty. With `detectLoss`, the same `MGET` also reads a marker key that
 * {@link RedisRevocationStore.markComplete} writes once Redis holds every revocation; when it is
 * missing, `isRevoked` throws {@link RevocationsLostError} and the durable store
 * (`revocation-durable.ts`) refills Redis from the database before answering.
 *
 * @module
 */
import type { RevocationStore } from 'webjwt';
import type { Redis } from '../redis.js';

/** A store that also supports "log out everywhere". */
export type SubjectRevocationStore = RevocationStore & Required<Pick<RevocationStore, 'revokeSubject'>>;

/** The Redis store, with the completeness marker. */
export interface RedisRevocationStore extends SubjectRevocationStore {
  /** Records that Redis now holds every live revocation (after a refill from the database). */
  markComplete(): Promise<void>;
}

/** Redis has lost its revocations (it restarted empty, or was flushed): refill it before trusting it. */
export class RevocationsLostError extends Error {
  override name = 'RevocationsLostError';
  constructor() {
    super('Redis has lost the revocations (its completeness marker is missing)');
  }
}

/**
 * Creates the store.
 *
 * @param redis - A connected node-redis client.
 * @param prefix - Key prefix, e.g. `"webjwt:"`.
 * @param clock - The app's clock (ms since the epoch), to skip revoking what has already expired.
 * @param options - `detectLoss`: check the completeness marker on every lookup.
 * @returns A {@link RevocationStore} with subject revocation.
 * @example
 * ```ts
 * const revocation = createRedisRevocationStore(redis, 'webjwt:');
 * await verify(token, key, { revocation });
 * ```
 */
export function createRedisRevocationStore(
  redis: Redis,
  prefix: string,
  clock: () => number = Date.now,
  options: { detectLoss?: boolean } = {},
): RedisRevocationStore {
  const jtiKey = (jti: string) => `${prefix}revoked:jti:${jti}`;
  const subKey = (sub: string) => `${prefix}revoked:sub:${sub}`;
  const markerKey = `${prefix}revoked:complete`;
  const nowSeconds = () => Math.floor(clock() / 1000);
  return {
    async isRevoked({ jti, sub, iat }) {
      // Empty IDs are never stored (revoke refuses them), so their keys never exist.
      const keys = [jtiKey(jti ?? ''), subKey(sub ?? '')];
      const [byJti, cutoff, complete] = await redis.mGet(options.detectLoss ? [...keys, markerKey] : keys);
      if (options.detectLoss && typeof complete !== 'string') throw new RevocationsLostError();
      if (typeof byJti === 'string') return true;
      if (typeof cutoff !== 'string') return false;
      // A token without iat cannot prove it came after the cutoff: revoked.
      return iat === undefined || iat < Number(cutoff);
    },
    async revoke(jti, expiresAt) {
      if (jti === '') throw new Error('jti must not be empty');
      if (expiresAt <= nowSeconds()) return; // expired already: nothing to remember
      await redis.set(jtiKey(jti), '1', { expiration: { type: 'EXAT', value: expiresAt } });
    },
    async revokeSubject(sub, issuedBefore, expiresAt) {
      if (sub === '') throw new Error('sub must not be empty');
      if (expiresAt <= nowSeconds()) return;
      await redis.set(subKey(sub), String(issuedBefore), { expiration: { type: 'EXAT', value: expiresAt } });
    },
    async markComplete() {
      await redis.set(markerKey, String(nowSeconds()));
    },
  };
}
