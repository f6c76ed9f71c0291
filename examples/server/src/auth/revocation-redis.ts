/**
 * webjwt's `RevocationStore` over Redis, in a few lines (the template's `blacklist` set, done right):
 * a revoked token ID is one key that Redis expires with the token itself (`SET ... EXAT exp`), and
 * "log out everywhere" is one key per user holding the cutoff time. Errors propagate, so webjwt
 * fails closed with `ERR_REVOCATION_UNAVAILABLE`.
 *
 * Redis may restart empty, and on a Redis Cluster one master may restart empty while the others
 * keep their keys. So the keys are spread over {@link REVOCATION_GROUPS} groups, each a hash tag
 * (`<prefix>revoked:{17}:jti:<jti>`): a group lives in one slot, hence on one master, together with
 * its own completeness marker (`<prefix>revoked:{17}:complete`), which
 * {@link RedisRevocationStore.markComplete} writes once Redis holds every revocation. With
 * `detectLoss`, a check reads each key with its group's marker (one `MGET` per key, never across
 * slots); when a marker is missing, the master that held it lost its data, `isRevoked` throws
 * {@link RevocationsLostError}, and the durable store (`revocation-durable.ts`) refills Redis from the
 * database before answering.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { RevocationStore } from 'webjwt';
import type { Redis } from '../redis.js';

/** A store that also supports "log out everywhere". */
export type SubjectRevocationStore = RevocationStore & Required<Pick<RevocationStore, 'revokeSubject'>>;

/** The Redis store, with the completeness marker. */
export interface RedisRevocationStore extends SubjectRevocationStore {
  /** Records that Redis now holds every live revocation (after a refill from the database): every group's marker. */
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
 * How many hash-tag groups the keys are spread over: enough for every master of a cluster to hold
 * some (the groups' slots are spread over the 16384), few enough to write every marker at once.
 */
export const REVOCATION_GROUPS = 64;

/** The Redis keys of the store under `prefix`. */
export interface RevocationKeys {
  jti(jti: string): string;
  sub(sub: string): string;
  /** The completeness marker of the group (and slot) of `key`. */
  markerOf(key: string): string;
  /** Every group's marker. */
  markers(): string[];
}

/**
 * The key layout: each ID goes to a group chosen by its digest, and the group is the hash tag.
 *
 * @param prefix - Key prefix, e.g. `"webjwt:"`.
 * @example
 * ```ts
 * revocationKeys('webjwt:').jti('abc'); // 'webjwt:revoked:{41}:jti:abc'
 * ```
 */
export function revocationKeys(prefix: string): RevocationKeys {
  const tag = (group: number) => `${prefix}revoked:{${group}}:`;
  const groupOf = (id: string) => createHash('sha256').update(id).digest().readUInt32BE(0) % REVOCATION_GROUPS;
  const groups = Array.from({ length: REVOCATION_GROUPS }, (_, group) => group);
  return {
    jti: (jti) => `${tag(groupOf(`jti:${jti}`))}jti:${jti}`,
    sub: (sub) => `${tag(groupOf(`sub:${sub}`))}sub:${sub}`,
    markerOf: (key) => `${key.slice(0, key.indexOf('}:', prefix.length) + 2)}complete`,
    markers: () => groups.map((group) => `${tag(group)}complete`),
  };
}

/**
 * Creates the store.
 *
 * @param redis - A connected node-redis client or cluster.
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
  const keys = revocationKeys(prefix);
  const nowSeconds = () => Math.floor(clock() / 1000);
  /** The value of `key`, after checking that its group's data is whole. */
  const read = async (key: string): Promise<string | null> => {
    if (!options.detectLoss) return redis.get(key);
    const [value, complete] = await redis.mGet([key, keys.markerOf(key)]);
    if (typeof complete !== 'string') throw new RevocationsLostError();
    return value ?? null;
  };
  return {
    async isRevoked({ jti, sub, iat }) {
      // Empty IDs are never stored (revoke refuses them), so their keys never exist. The two keys
      // are in different slots (different masters on a cluster): two reads, sent together.
      const [byJti, cutoff] = await Promise.all([read(keys.jti(jti ?? '')), read(keys.sub(sub ?? ''))]);
      if (typeof byJti === 'string') return true;
      if (typeof cutoff !== 'string') return false;
      // A token without iat cannot prove it came after the cutoff: revoked.
      return iat === undefined || iat < Number(cutoff);
    },
    async revoke(jti, expiresAt) {
      if (jti === '') throw new Error('jti must not be empty');
      if (expiresAt <= nowSeconds()) return; // expired already: nothing to remember
      await redis.set(keys.jti(jti), '1', { expiration: { type: 'EXAT', value: expiresAt } });
    },
    async revokeSubject(sub, issuedBefore, expiresAt) {
      if (sub === '') throw new Error('sub must not be empty');
      if (expiresAt <= nowSeconds()) return;
      await redis.set(keys.sub(sub), String(issuedBefore), { expiration: { type: 'EXAT', value: expiresAt } });
    },
    async markComplete() {
      const now = String(nowSeconds());
      await Promise.all(keys.markers().map((marker) => redis.set(marker, now)));
    },
  };
}
