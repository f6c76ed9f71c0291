/**
 * User grants: each token response for a user opens a refresh family (the same rows and rotation
 * code as the server's own `/refresh`, `auth/refresh-families.ts`) plus an `oauth_grants` row saying
 * which client got which scopes. OAuth refresh tokens are opaque, `<family>.<secret>`, and the family
 * stores only the secret's hash: each refresh swaps it, and presenting an old one revokes the family
 * (RFC 9700 section 4.14.2).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { openFamily, revokeFamily, rotateFamily } from '../auth/refresh-families.js';
import { randomToken, sha256 } from './secrets.js';
import { appDb, type OAuthDb } from './tables.js';

/** A live grant found from a refresh token. */
export interface Grant {
  familyId: string;
  userId: number;
  clientId: string;
  scopes: string[];
  authTime: number;
}

/**
 * Opens a grant (refresh family) for a user and a client.
 *
 * @param db - The database.
 * @param grant - Who, which client, which scopes, when the user logged in, refresh lifetime, and
 *   the family ID when the caller chose it beforehand (a code records it before the grant opens).
 * @param nowSeconds - The current time.
 * @returns The family ID (`sid` of the tokens) and its first refresh token.
 * @example
 * ```ts
 * const { familyId, refreshToken } = await openGrant(db, { userId, clientId, scopes, authTime, refreshSeconds }, now);
 * ```
 */
export async function openGrant(
  db: OAuthDb,
  grant: { userId: number; clientId: string; scopes: string[]; authTime: number; refreshSeconds: number; familyId?: string },
  nowSeconds: number,
): Promise<{ familyId: string; refreshToken: string }> {
  const familyId = grant.familyId ?? randomUUID();
  const secret = randomToken();
  await openFamily(appDb(db), { id: familyId, userId: grant.userId, jti: sha256(secret), expiresAt: nowSeconds + grant.refreshSeconds }, nowSeconds);
  await db
    .insertInto('oauth_grants')
    .values({ family_id: familyId, client_id: grant.clientId, scope: grant.scopes.join(' '), auth_time: grant.authTime })
    .execute();
  return { familyId, refreshToken: `${familyId}.${secret}` };
}

function splitRefreshToken(token: string): { familyId: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { familyId: match[1]!, secret: match[2]! } : undefined;
}

/**
 * The grant a refresh token belongs to, if the family is live and the token is its current one.
 *
 * @param db - The database.
 * @param token - The refresh token.
 * @param nowSeconds - The current time.
 * @example
 * ```ts
 * const grant = await findLiveGrant(db, token, now);
 * ```
 */
export async function findLiveGrant(db: OAuthDb, token: string, nowSeconds: number): Promise<(Grant & { exp: number }) | undefined> {
  const parts = splitRefreshToken(token);
  if (!parts) return undefined;
  const row = await db
    .selectFrom('refresh_families')
    .innerJoin('oauth_grants', 'oauth_grants.family_id', 'refresh_families.id')
    .select(['refresh_families.user_id', 'refresh_families.current_jti', 'refresh_families.expires_at', 'refresh_families.revoked_at'])
    .select(['oauth_grants.client_id', 'oauth_grants.scope', 'oauth_grants.auth_time'])
    .where('refresh_families.id', '=', parts.familyId)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= nowSeconds || row.current_jti !== sha256(parts.secret)) return undefined;
  return {
    familyId: parts.familyId,
    userId: row.user_id,
    clientId: row.client_id,
    scopes: row.scope.split(' ').filter(Boolean),
    authTime: row.auth_time,
    exp: row.expires_at,
  };
}

/** The outcome of a refresh. */
export type RefreshResult =
  | { status: 'rotated'; grant: Grant; refreshToken: string }
  | { status: 'reused' | 'invalid' | 'wrong_client' };

/**
 * Uses a refresh token once: swaps it for a new one, or revokes the family when it was used before.
 *
 * @param db - The database.
 * @param token - The presented refresh token.
 * @param clientId - The authenticated client (a token only works for the client it was issued to).
 * @param timing - Lifetime of the next refresh token, the reuse grace window (see `rotateFamily`), the current time.
 * @example
 * ```ts
 * const result = await rotateRefreshToken(db, token, client.clientId, { refreshSeconds: 1209600, graceSeconds: 10, nowSeconds: now });
 * ```
 */
export async function rotateRefreshToken(
  db: OAuthDb,
  token: string,
  clientId: string,
  timing: { refreshSeconds: number; graceSeconds: number; nowSeconds: number },
): Promise<RefreshResult> {
  const { refreshSeconds, graceSeconds, nowSeconds } = timing;
  const parts = splitRefreshToken(token);
  if (!parts) return { status: 'invalid' };
  const row = await db
    .selectFrom('refresh_families')
    .innerJoin('oauth_grants', 'oauth_grants.family_id', 'refresh_families.id')
    .select(['refresh_families.user_id', 'refresh_families.expires_at', 'oauth_grants.client_id', 'oauth_grants.scope', 'oauth_grants.auth_time'])
    .where('refresh_families.id', '=', parts.familyId)
    .executeTakeFirst();
  if (!row) return { status: 'invalid' };
  // Another client's token: refuse without touching the family (its owner may still use it).
  if (row.client_id !== clientId) return { status: 'wrong_client' };
  if (row.expires_at <= nowSeconds) return { status: 'invalid' };
  const secret = randomToken();
  const rotation = await rotateFamily(
    appDb(db),
    {
      familyId: parts.familyId,
      userId: row.user_id,
      usedJti: sha256(parts.secret),
      nextJti: sha256(secret),
      nextExpiresAt: nowSeconds + refreshSeconds,
      graceSeconds,
    },
    nowSeconds,
  );
  if (rotation.status === 'reused') return { status: 'reused' };
  if (rotation.status === 'revoked') return { status: 'invalid' };
  return {
    status: 'rotated',
    refreshToken: `${parts.familyId}.${secret}`,
    grant: { familyId: parts.familyId, userId: row.user_id, clientId: row.client_id, scopes: row.scope.split(' ').filter(Boolean), authTime: row.auth_time },
  };
}

/**
 * Revokes the grant behind a refresh token, if it belongs to `clientId` (RFC 7009).
 *
 * @param db - The database.
 * @param token - The refresh token.
 * @param clientId - The client asking.
 * @param nowSeconds - The current time.
 * @returns True when a family was revoked.
 * @example
 * ```ts
 * await revokeRefreshToken(db, token, client.clientId, now);
 * ```
 */
export async function revokeRefreshToken(db: OAuthDb, token: string, clientId: string, nowSeconds: number): Promise<boolean> {
  const grant = await findLiveGrant(db, token, nowSeconds);
  if (!grant || grant.clientId !== clientId) return false;
  await revokeFamily(appDb(db), grant.familyId, nowSeconds);
  return true;
}

/**
 * True while the family behind an access token's `sid` is live (not logged out, not revoked).
 *
 * @param db - The database.
 * @param familyId - The `sid` claim.
 * @example
 * ```ts
 * if (claims.sid && !(await isFamilyLive(db, claims.sid))) throw invalidToken();
 * ```
 */
export async function isFamilyLive(db: OAuthDb, familyId: string): Promise<boolean> {
  const row = await db.selectFrom('refresh_families').select('revoked_at').where('id', '=', familyId).executeTakeFirst();
  return row !== undefined && row.revoked_at === null;
}
