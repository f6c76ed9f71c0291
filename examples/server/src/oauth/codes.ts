/**
 * Authorization codes: random, stored hashed, bound to the client, redirect URI, PKCE challenge,
 * user, scopes and nonce; short-lived and single-use. Redeeming marks the code used in one
 * compare-and-set UPDATE; a second redemption finds it used and revokes what the first one issued
 * (RFC 6749 section 4.1.2).
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
 * @returns The code, to send to the client once.
 * @example
 * ```ts
 * const code = await issueCode(db, grant, 60, now);
 * ```
 */
export async function issueCode(db: OAuthDb, grant: CodeGrant, lifetimeSeconds: number, nowSeconds: number): Promise<string> {
  const code = randomToken();
  // Housekeeping: codes expire in a minute; drop the stale ones as new ones arrive.
  await db.deleteFrom('oauth_codes').where('expires_at', '<', nowSeconds - 3600).execute();
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

/** The outcome of redeeming a code. */
export type Redemption =
  | { status: 'ok'; grant: CodeGrant; expiresAt: number }
  | { status: 'unknown' }
  /** Presented before: what the first redemption issued must be revoked. */
  | { status: 'reused'; issued: Pick<CodesTable, 'family_id' | 'access_jti' | 'access_exp'> };

/**
 * Marks a code used, once. Expiry and the bindings are for the caller to check.
 *
 * @param db - The database.
 * @param code - The presented code.
 * @param nowSeconds - The current time.
 * @example
 * ```ts
 * const redemption = await redeemCode(db, code, now);
 * ```
 */
export async function redeemCode(db: OAuthDb, code: string, nowSeconds: number): Promise<Redemption> {
  const hash = sha256(code);
  const updated = await db.updateTable('oauth_codes').set({ used_at: nowSeconds }).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  const row = await db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (updated.numUpdatedRows !== 1n) return { status: 'reused', issued: row };
  return {
    status: 'ok',
    expiresAt: row.expires_at,
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
 * Records what a redemption issued, so a replay of the code can revoke it.
 *
 * @param db - The database.
 * @param code - The code.
 * @param issued - The refresh family and the access token's ID and expiry.
 * @example
 * ```ts
 * await recordIssued(db, code, { family_id, access_jti, access_exp });
 * ```
 */
export async function recordIssued(db: OAuthDb, code: string, issued: Pick<CodesTable, 'family_id' | 'access_jti' | 'access_exp'>): Promise<void> {
  await db.updateTable('oauth_codes').set(issued).where('code_hash', '=', sha256(code)).execute();
}
