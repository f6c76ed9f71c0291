/**
 * The authorization server's signing keys, kept in the database: one active key signs, retired keys
 * stay published at the `jwks_uri` until every token they signed has expired (`retire_after`).
 * The active key is looked up on each signature, so a rotation done by the CLI (another process)
 * takes effect at once.
 *
 * @module
 */
import { calculateJwkThumbprint, exportJwk, exportPem, generateKeyPair, importKey, JwtError, type JwtKey, type KeySet } from 'webjwt';
import type { OAuthSigningAlg } from './config.js';
import type { OAuthDb, SigningKeyRow } from './tables.js';

/** A signing key ready to use. */
export interface ActiveKey {
  kid: string;
  alg: OAuthSigningAlg;
  key: JwtKey;
}

/** What a rotation did. */
export interface Rotation {
  kid: string;
  alg: string;
  /** Keys retired by it, with the time they leave the JWKS. */
  retired: { kid: string; retireAfter: number }[];
}

/**
 * Creates a key pair, stores it as the active key and retires the previous active keys.
 *
 * @param db - The database.
 * @param alg - Algorithm of the new key.
 * @param nowSeconds - The current time.
 * @param maxTokenSeconds - Longest lifetime of a token signed by a key (`retire_after` = now + this).
 * @returns The new key's ID and the retired ones.
 * @example
 * ```ts
 * await rotateSigningKey(db, 'RS256', now, 600);
 * ```
 */
export async function rotateSigningKey(db: OAuthDb, alg: OAuthSigningAlg, nowSeconds: number, maxTokenSeconds: number): Promise<Rotation> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJwk(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privatePem = await exportPem(pair.privateKey);
  const retireAfter = nowSeconds + maxTokenSeconds;
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('oauth_signing_keys').select('kid').where('status', '=', 'active').execute();
    await trx.updateTable('oauth_signing_keys').set({ status: 'retired', retire_after: retireAfter }).where('status', '=', 'active').execute();
    await trx
      .insertInto('oauth_signing_keys')
      .values({
        kid,
        alg,
        public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
        private_pem: privatePem,
        created_at: nowSeconds,
        status: 'active',
        retire_after: null,
      })
      .execute();
    return { kid, alg, retired: previous.map((row) => ({ kid: row.kid, retireAfter })) };
  });
}

/**
 * Makes sure there is an active key (first start).
 *
 * @param db - The database.
 * @param alg - Algorithm of the key to create when there is none.
 * @param nowSeconds - The current time.
 * @returns True when a key was created.
 * @example
 * ```ts
 * await ensureSigningKey(db, config.oauth.signingAlg, now);
 * ```
 */
export async function ensureSigningKey(db: OAuthDb, alg: OAuthSigningAlg, nowSeconds: number): Promise<boolean> {
  const active = await db.selectFrom('oauth_signing_keys').select('kid').where('status', '=', 'active').executeTakeFirst();
  if (active) return false;
  await rotateSigningKey(db, alg, nowSeconds, 0);
  return true;
}

/**
 * Keys that are still published: the active one and retired ones before their `retire_after`.
 *
 * @param db - The database.
 * @param nowSeconds - The current time.
 * @example
 * ```ts
 * const rows = await publishedKeys(db, now);
 * ```
 */
export async function publishedKeys(db: OAuthDb, nowSeconds: number): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('oauth_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('retire_after', '>', nowSeconds)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** Signing and verification keys, read from the database. */
export interface SigningKeys {
  /** The key new tokens are signed with. */
  active(): Promise<ActiveKey>;
  /** The public JWKS document. */
  jwks(): Promise<{ keys: JsonWebKey[] }>;
  /** Our own published keys, for verifying the tokens we issued (userinfo, introspection). */
  keySet: KeySet;
}

/**
 * Creates the key accessor; imported keys are cached by `kid`.
 *
 * @param db - The database.
 * @param clock - Milliseconds since the epoch.
 * @example
 * ```ts
 * const keys = createSigningKeys(db, Date.now);
 * const { key, kid } = await keys.active();
 * ```
 */
export function createSigningKeys(db: OAuthDb, clock: () => number): SigningKeys {
  const privateKeys = new Map<string, Promise<JwtKey>>();
  const publicKeys = new Map<string, Promise<JwtKey>>();
  const now = () => Math.floor(clock() / 1000);
  const cached = (cache: Map<string, Promise<JwtKey>>, kid: string, load: () => Promise<JwtKey>) => {
    let key = cache.get(kid);
    if (!key) {
      key = load();
      cache.set(kid, key);
      key.catch(() => cache.delete(kid));
    }
    return key;
  };
  return {
    async active() {
      const row = await db
        .selectFrom('oauth_signing_keys')
        .select(['kid', 'alg', 'private_pem'])
        .where('status', '=', 'active')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!row) throw new Error('No active signing key: run `npm run keys -- rotate`');
      const alg = row.alg as OAuthSigningAlg;
      const key = await cached(privateKeys, row.kid, () => importKey(row.private_pem, alg, { kid: row.kid }));
      return { kid: row.kid, alg, key };
    },
    async jwks() {
      const rows = await publishedKeys(db, now());
      return { keys: rows.map((row) => JSON.parse(row.public_jwk) as JsonWebKey) };
    },
    keySet: {
      async getKey(header) {
        const kid = header.kid;
        const row =
          typeof kid === 'string' ? (await publishedKeys(db, now())).find((candidate) => candidate.kid === kid) : undefined;
        if (!row || row.alg !== header.alg) throw new JwtError('ERR_KEY_NOT_FOUND', 'No published key matches the token');
        return cached(publicKeys, row.kid, () => importKey(JSON.parse(row.public_jwk) as JsonWebKey, row.alg as OAuthSigningAlg));
      },
    },
  };
}
