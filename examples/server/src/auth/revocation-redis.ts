/**
 * webjwt's `RevocationStore` over Redis, in a few lines (the template's `blacklist` set, done right):
 * a revoked token ID is one key that Redis expires with the token itself (`SET ... EXAT exp`), and
 * "log out everywhere" is one key per user holding the cutoff time. One `MGET` answers a check.
 * Errors propagate, so webjwt fails closed with `ERR_REVOCATION_UNAVAILABLE`.
 *
 * @module
 */
import type { RevocationStore } from 'webjwt';
import type { Redis } from '../redis.js';

/** A store that also supports "log out everywhere". */
export type SubjectRevocationStore = RevocationStore & Required<Pick<RevocationStore, 'revokeSubject'>>;

/**
 * Creates the store.
 *
 * @param redis - A connected node-redis client.
 * @param prefix - Key prefix, e.g. `"webjwt:"`.
 * @param clock - The app's clock (ms since the epoch), to skip revoking what has already expired.
 * @returns A {@link RevocationStore} with subject revocation.
 * @example
 * ```ts
 * const revocation = createRedisRevocationStore(redis, 'webjwt:');
 * await verify(token, key, { revocation });
 * ```
 */
export function createRedisRevocationStore(redis: Redis, prefix: string, clock: () => number = Date.now): SubjectRevocationStore {
  const jtiKey = (jti: string) => `${prefix}revoked:jti:${jti}`;
  const subKey = (sub: string) => `${prefix}revoked:sub:${sub}`;
  const nowSeconds = () => Math.floor(clock() / 1000);
  return {
    async isRevoked({ jti, sub, iat }) {
      // Empty IDs are never stored (revoke refuses them), so their keys never exist.
      const [byJti, cutoff] = await redis.mGet([jtiKey(jti ?? ''), subKey(sub ?? '')]);
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
  };
}
