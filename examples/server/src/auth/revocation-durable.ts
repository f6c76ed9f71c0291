/**
 * Revocations that survive a store restart: every token-ID and subject revocation is written to the
 * database first (the source of truth, table `revocations`), then to the fast store that `verify`
 * consults (Redis, or webjwt's in-memory store). The fast store is filled from the table at start,
 * and again whenever Redis is found empty (its completeness marker is missing): the lookup waits for
 * that refill, so a revoked token is never accepted in between. Expired rows are purged as we go.
 *
 * A revocation that reached the database but not the fast store (Redis failed in between: the
 * client gets a 503) is not left behind either: the next lookup of this process refills first.
 *
 * @module
 */
import type { Db } from '../database.js';
import { RevocationsLostError, type SubjectRevocationStore } from './revocation-redis.js';

/** The fast store: Redis (with the completeness marker) or memory. */
export type RevocationCache = SubjectRevocationStore & { markComplete?(): Promise<void> };

/** The store the app uses, plus the refill. */
export interface DurableRevocationStore extends SubjectRevocationStore {
  /** Copies every live revocation from the database into the fast store (one run at a time). */
  restore(): Promise<void>;
}

/** Rows written to the fast store at once during a refill (keeps the Redis queue bounded). */
const RESTORE_BATCH = 500;

/**
 * Wraps the fast store with the database.
 *
 * @param db - The database holding `revocations`.
 * @param cache - The store `verify` reads.
 * @param clock - The app's clock (ms since the epoch).
 * @returns The store; call `restore()` once at start.
 * @example
 * ```ts
 * const revocation = createDurableRevocationStore(db, createRedisRevocationStore(redis, prefix, clock, { detectLoss: true }), clock);
 * await revocation.restore();
 * ```
 */
export function createDurableRevocationStore(db: Db, cache: RevocationCache, clock: () => number): DurableRevocationStore {
  const nowSeconds = () => Math.floor(clock() / 1000);
  const purge = (now: number) => db.deleteFrom('revocations').where('expires_at', '<=', now).execute();

  /** A revocation is in the database but maybe not in the fast store. */
  let cacheBehind = false;

  async function refill(): Promise<void> {
    // Revocations that fail after this point set it again; a failed refill leaves it set.
    cacheBehind = false;
    const now = nowSeconds();
    await purge(now);
    const rows = await db.selectFrom('revocations').selectAll().where('expires_at', '>', now).execute();
    for (let i = 0; i < rows.length; i += RESTORE_BATCH) {
      await Promise.all(
        rows
          .slice(i, i + RESTORE_BATCH)
          .map((row) => (row.kind === 'sub' ? cache.revokeSubject(row.value, row.issued_before ?? now, row.expires_at) : cache.revoke(row.value, row.expires_at))),
      );
    }
    await cache.markComplete?.();
  }

  let restoring: Promise<void> | undefined;
  const restore = () =>
    (restoring ??= refill()
      .catch((err: unknown) => {
        cacheBehind = true;
        throw err;
      })
      .finally(() => (restoring = undefined)));

  /**
   * Writes to the fast store; a failure leaves Redis behind the database until the next refill. (The
   * memory store fails a write only when it is full of live revocations: a refill could not help.)
   */
  const toCache = async (write: () => void | Promise<void>) => {
    try {
      await write();
    } catch (err) {
      if (cache.markComplete !== undefined) cacheBehind = true;
      throw err;
    }
  };

  return {
    async isRevoked(query) {
      if (cacheBehind) await restore();
      try {
        return await cache.isRevoked(query);
      } catch (err) {
        if (!(err instanceof RevocationsLostError)) throw err;
      }
      await restore();
      return cache.isRevoked(query);
    },
    async revoke(jti, expiresAt) {
      if (jti === '') throw new Error('jti must not be empty');
      const now = nowSeconds();
      if (expiresAt <= now) return;
      await purge(now);
      await db
        .insertInto('revocations')
        .values({ kind: 'jti', value: jti, issued_before: null, expires_at: expiresAt })
        .onConflict((c) => c.columns(['kind', 'value']).doNothing())
        .execute();
      await toCache(() => cache.revoke(jti, expiresAt));
    },
    async revokeSubject(sub, issuedBefore, expiresAt) {
      if (sub === '') throw new Error('sub must not be empty');
      const now = nowSeconds();
      if (expiresAt <= now) return;
      await purge(now);
      await db
        .insertInto('revocations')
        .values({ kind: 'sub', value: sub, issued_before: issuedBefore, expires_at: expiresAt })
        .onConflict((c) => c.columns(['kind', 'value']).doUpdateSet({ issued_before: issuedBefore, expires_at: expiresAt }))
        .execute();
      await toCache(() => cache.revokeSubject(sub, issuedBefore, expiresAt));
    },
    restore,
  };
}
