/**
 * Refresh-token rotation with reuse detection (RFC 9700 section 4.14.2). A login opens a family;
 * each refresh swaps the family's one valid refresh-token ID for a new one in a single
 * compare-and-set UPDATE, so of two concurrent uses of one token at most one wins. A refresh token
 * that is not the family's current one was used before: the family is revoked (theft).
 *
 * Except within a short grace window: a client whose refresh answer was lost (a dropped
 * connection) retries with the same token. If that token is the one the latest rotation consumed,
 * less than `graceSeconds` ago, the retry rotates the family again (a new pair, same session)
 * instead of revoking it. The pair whose answer was lost is then no longer current, so if a thief
 * holds it, its use is caught as reuse later. Outside the window, or for any older token, reuse
 * revokes the family as before.
 *
 * Families live in the database, so they survive restarts and need no Redis.
 *
 * @module
 */
import type { Db } from '../database.js';
import type { UserRow } from '../models.js';

/** The outcome of presenting a refresh token. */
export type RotationResult =
  | { status: 'rotated' }
  /** The token was already used: the whole family is now revoked. */
  | { status: 'reused' }
  /** The family was revoked (logout, logout-all, earlier theft) or never existed. */
  | { status: 'revoked' };

/**
 * Opens a family at login.
 *
 * @param db - The database.
 * @param family - Family ID, owner, first refresh-token ID and its expiry (seconds).
 * @param nowSeconds - The current time, seconds since the epoch.
 * @example
 * ```ts
 * await openFamily(db, { id: sid, userId: user.id, jti, expiresAt }, now);
 * ```
 */
export async function openFamily(
  db: Db,
  family: { id: string; userId: number; jti: string; expiresAt: number },
  nowSeconds: number,
): Promise<void> {
  // Housekeeping bounded to this user: drop their families that can no longer be used.
  await db.deleteFrom('refresh_families').where('user_id', '=', family.userId).where('expires_at', '<', nowSeconds).execute();
  await db
    .insertInto('refresh_families')
    .values({
      id: family.id,
      user_id: family.userId,
      current_jti: family.jti,
      expires_at: family.expiresAt,
      revoked_at: null,
      created_at: new Date(nowSeconds * 1000).toISOString(),
      previous_jti: null,
      rotated_at: null,
    })
    .execute();
}

/**
 * Consumes refresh token `usedJti` of family `familyId` and makes `nextJti` the only valid one.
 *
 * @param db - The database.
 * @param rotation - The family, its owner, the presented and the next token ID, the next expiry,
 *   and the reuse grace window in seconds (0: none).
 * @param nowSeconds - The current time, seconds since the epoch.
 * @returns `rotated`, or why not; on `reused` the family has been revoked.
 * @example
 * ```ts
 * const result = await rotateFamily(db, { familyId: sid, userId, usedJti: jti, nextJti, nextExpiresAt, graceSeconds: 10 }, now);
 * ```
 */
export async function rotateFamily(
  db: Db,
  rotation: { familyId: string; userId: number; usedJti: string; nextJti: string; nextExpiresAt: number; graceSeconds: number },
  nowSeconds: number,
): Promise<RotationResult> {
  const updated = await db
    .updateTable('refresh_families')
    .set({ current_jti: rotation.nextJti, expires_at: rotation.nextExpiresAt, previous_jti: rotation.usedJti, rotated_at: nowSeconds })
    .where('id', '=', rotation.familyId)
    .where('user_id', '=', rotation.userId)
    .where('current_jti', '=', rotation.usedJti)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 1n) return { status: 'rotated' };
  if (rotation.graceSeconds > 0) {
    // A retry of the latest rotation: rotate again, keeping its time so the window never grows.
    const retried = await db
      .updateTable('refresh_families')
      .set({ current_jti: rotation.nextJti, expires_at: rotation.nextExpiresAt })
      .where('id', '=', rotation.familyId)
      .where('user_id', '=', rotation.userId)
      .where('previous_jti', '=', rotation.usedJti)
      .where('rotated_at', '>=', nowSeconds - rotation.graceSeconds)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (retried.numUpdatedRows === 1n) return { status: 'rotated' };
  }
  const family = await db
    .selectFrom('refresh_families')
    .select(['revoked_at'])
    .where('id', '=', rotation.familyId)
    .where('user_id', '=', rotation.userId)
    .executeTakeFirst();
  if (family === undefined || family.revoked_at !== null) return { status: 'revoked' };
  await revokeFamily(db, rotation.familyId, nowSeconds);
  return { status: 'reused' };
}

/**
 * Revokes one family (logout, detected theft): its refresh tokens and access tokens stop working.
 *
 * @param db - The database.
 * @param familyId - The `sid` claim.
 * @param nowSeconds - The current time, seconds since the epoch.
 * @example
 * ```ts
 * await revokeFamily(db, payload.sid, now);
 * ```
 */
export async function revokeFamily(db: Db, familyId: string, nowSeconds: number): Promise<void> {
  await db.updateTable('refresh_families').set({ revoked_at: nowSeconds }).where('id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/**
 * Revokes every family of a user (logout-all).
 *
 * @param db - The database.
 * @param userId - The user.
 * @param nowSeconds - The current time, seconds since the epoch.
 * @example
 * ```ts
 * await revokeUserFamilies(db, user.id, now);
 * ```
 */
export async function revokeUserFamilies(db: Db, userId: number, nowSeconds: number): Promise<void> {
  await db.updateTable('refresh_families').set({ revoked_at: nowSeconds }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/**
 * The user of a live session: the owner of family `familyId`, unless that family was revoked.
 * One query per authenticated request, so a revoked family stops its access tokens at once.
 *
 * @param db - The database.
 * @param userId - The `sub` claim.
 * @param familyId - The `sid` claim: a family only counts for its owner.
 * @returns The user row, or `undefined` when the user or the live family is missing.
 * @example
 * ```ts
 * const user = await findSessionUser(db, Number(payload.sub), payload.sid);
 * ```
 */
export async function findSessionUser(db: Db, userId: number, familyId: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .innerJoin('refresh_families', 'refresh_families.user_id', 'users.id')
    .selectAll('users')
    .where('users.id', '=', userId)
    .where('refresh_families.id', '=', familyId)
    .where('refresh_families.revoked_at', 'is', null)
    .executeTakeFirst();
}
