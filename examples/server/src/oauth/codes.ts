/**
 * Authorization codes: random, stored hashed, bound to the client, redirect URI, PKCE challenge,
 * user, scopes and nonce; short-lived and single-use. The bindings are checked before the code is
 * used ({@link findCode}); redeeming then marks it used and records what it issues in one
 * compare-and-set UPDATE ({@link consumeCode}); a second redemption finds it used and revokes what
 * the first one issued (RFC 6749 section 4.1.2).
 *
 * @module
 */
import { randomToken, sha256 } from './secrets.js';
import type { CodesTable, OAuthDb } from './tables.js';

/** What a code remembers. */
export interface CodeGrant {
  clientId: string;
  userId: number;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  nonce: string | undefined;
  authTime: number;
}

/**
 * Issues a code.
 *
 * @param db - The database.
 * @param grant - What the code stands for.
 * @param lifetimeSeconds - How long it may be redeemed.
 * @param nowSeconds - The current time.
 * @param maxPending - How many unused, unexpired codes one user may hold for one client (`OAUTH_MAX_PENDING_CODES`).
 * @returns The code, to send to the client once.
 * @example
 * ```ts
 * const code = await issueCode(db, grant, 60, now);
 * ```
 */
export async function issueCode(db: OAuthDb, grant: CodeGrant, lifetimeSeconds: number, nowSeconds: number, maxPending = 10): Promise<string> {
  const code = randomToken();
  // Housekeeping: codes expire in a minute; drop the stale ones as new ones arrive.
  await db.deleteFrom('oauth_codes').where('expires_at', '<', nowSeconds - 3600).execute();
  // A signed-in browser (or a script holding its cookie) could mint codes without end: keep at most
  // `maxPending` unused, unexpired codes per user and client, dropping the oldest (a user who starts
  // over in another tab is never refused; a code dropped this way is simply unknown at /token).
  const pending = await db
    .selectFrom('oauth_codes')
    .select('code_hash')
    .where('user_id', '=', grant.userId)
    .where('client_id', '=', grant.clientId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowSeconds)
    .orderBy('expires_at', 'desc')
    .execute();
  const excess = pending.slice(Math.max(0, maxPending - 1)).map((row) => row.code_hash);
  if (excess.length > 0) await db.deleteFrom('oauth_codes').where('code_hash', 'in', excess).where('used_at', 'is', null).execute();
  await db
    .insertInto('oauth_codes')
    .values({
      code_hash: sha256(code),
      client_id: grant.clientId,
      user_id: grant.userId,
      redirect_uri: grant.redirectUri,
      scope: grant.scopes.join(' '),
      code_challenge: grant.codeChallenge,
      nonce: grant.nonce ?? null,
      auth_time: grant.authTime,
      expires_at: nowSeconds + lifetimeSeconds,
      used_at: null,
      family_id: null,
      access_jti: null,
      access_exp: null,
    })
    .execute();
  return code;
}

/** What a redemption issued: recorded with the code in the same UPDATE that uses it up. */
export type IssuedByCode = { family_id: string; access_jti: string; access_exp: number };

/** A stored code, looked up without using it. */
export interface StoredCode {
  grant: CodeGrant;
  expiresAt: number;
  /** Set once the code was redeemed. */
  used: boolean;
  /** What the redemption issued (null for a code redeemed before this was recorded). */
  issued: Pick<CodesTable, 'family_id' | 'access_jti' | 'access_exp'>;
}

/**
 * Finds a code without using it, so its bindings (client, redirect URI, PKCE) can be checked first:
 * a wrong attempt must not burn the legitimate client's code.
 *
 * @param db - The database.
 * @param code - The presented code.
 * @example
 * ```ts
 * const stored = await findCode(db, code);
 * ```
 */
export async function findCode(db: OAuthDb, code: string): Promise<StoredCode | undefined> {
  const row = await db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', sha256(code)).executeTakeFirst();
  if (!row) return undefined;
  return {
    expiresAt: row.expires_at,
    used: row.used_at !== null,
    issued: { family_id: row.family_id, access_jti: row.access_jti, access_exp: row.access_exp },
    grant: {
      clientId: row.client_id,
      userId: row.user_id,
      redirectUri: row.redirect_uri,
      scopes: row.scope.split(' ').filter(Boolean),
      codeChallenge: row.code_challenge,
      nonce: row.nonce ?? undefined,
      authTime: row.auth_time,
    },
  };
}

/**
 * Uses a code up and records what its redemption issues, in one conditional UPDATE: of two
 * concurrent redemptions exactly one gets `true` (PostgreSQL makes the second wait for the first's
 * row lock, then finds `used_at` set). Run it in the transaction that opens the grant, so a replay
 * that sees the code used also sees the refresh family it must revoke.
 *
 * @param db - The database or a transaction.
 * @param code - The presented code.
 * @param issued - The refresh family and the access token's ID and expiry, chosen before issuing.
 * @param nowSeconds - The current time.
 * @returns True for the one redemption that won.
 * @example
 * ```ts
 * const won = await consumeCode(trx, code, { family_id, access_jti, access_exp }, now);
 * ```
 */
export async function consumeCode(db: OAuthDb, code: string, issued: IssuedByCode, nowSeconds: number): Promise<boolean> {
  const updated = await db
    .updateTable('oauth_codes')
    .set({ used_at: nowSeconds, ...issued })
    .where('code_hash', '=', sha256(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n;
}
