/**
 * The authorization server's signing keys, kept in the database: the newest key whose `signs_from`
 * has come signs, retired keys stay published at the `jwks_uri` until every token they signed has
 * expired (`retire_after`). Each instance keeps the published keys in memory and reloads them every
 * `KEYS_RELOAD_SECONDS` (one small query per interval, not one per request).
 *
 * Publish before signing: a rotation done by the CLI (another process) stores the new key with a
 * `signs_from` later than the longest reload interval, so every instance has loaded it (and verifies
 * its tokens) before any instance signs with it. The reload on an unknown `kid` is only a fallback.
 *
 * @module
 */
import { calculateJwkThumbprint, exportJwk, exportPem, generateKeyPair, importKey, JwtError, type JwtKey, type KeySet } from 'webjwt';
import { sql } from 'kysely';
import { isPostgres } from '../database.js';
import type { OAuthSigningAlg } from './config.js';
import type { OAuthDb, SigningKeyRow } from './tables.js';

/** The advisory lock ID of key rotations (any constant, distinct from the migrations'). */
const ROTATION_LOCK_ID = 0x77656a776b;

/**
 * Seconds between a rotation and the first token signed by the new key: the longest
 * `KEYS_RELOAD_SECONDS` allowed (30, whatever each instance is set to) plus a margin for clock skew
 * between the database and the instances, and for a slow reload.
 */
export const PUBLISH_BEFORE_SIGNING_SECONDS = 30 + 10;

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
  /** Seconds (database clock): when instances start signing with the new key. */
  signsFrom: number;
  /** Keys retired by it, with the time they leave the JWKS. */
  retired: { kid: string; retireAfter: number }[];
}

/** Options of {@link rotateSigningKey}. */
export interface RotationOptions {
  /** Do nothing when there is an active key already (first start). */
  onlyIfNone?: boolean;
  /**
   * Publish the new key now but sign with it only this many seconds later, by the database's clock
   * (the CLI: {@link PUBLISH_BEFORE_SIGNING_SECONDS}). Default 0: it signs at once (first start,
   * when no instance has keys yet).
   */
  publishSeconds?: number;
  /**
   * The current key leaked: the new key signs at once and every other key leaves the JWKS now, so
   * tokens signed with a leaked key are refused by each instance from its next reload (every token
   * signed before is lost: users sign in again). Overrides `publishSeconds`.
   */
  compromised?: boolean;
}

/**
 * Creates a key pair, stores it as the active key and retires the previous active keys (they keep
 * signing until the new key's `signs_from`, and stay published `maxTokenSeconds` longer).
 *
 * @param db - The database.
 * @param alg - Algorithm of the new key.
 * @param nowSeconds - The current time (`created_at`; with `publishSeconds`, the database's clock is used).
 * @param maxTokenSeconds - Longest lifetime of a token signed by a key (`retire_after` = `signs_from` + this).
 * @param options - First start only; how long the key is published before it signs.
 * @returns The new key's ID, when it signs, and the retired keys.
 * @example
 * ```ts
 * await rotateSigningKey(db, 'RS256', now, 600);
 * ```
 */
export async function rotateSigningKey(
  db: OAuthDb,
  alg: OAuthSigningAlg,
  nowSeconds: number,
  maxTokenSeconds: number,
  options: RotationOptions = {},
): Promise<Rotation | undefined> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJwk(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privatePem = await exportPem(pair.privateKey);
  const publishSeconds = options.compromised ? 0 : (options.publishSeconds ?? 0);
  return db.transaction().execute(async (trx) => {
    // Two rotations at once (instances starting together on an empty database, two operators) would
    // each retire nothing the other has not committed and leave two active keys: take turns.
    if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${sql.lit(ROTATION_LOCK_ID)})`.execute(trx);
    const previous = await trx.selectFrom('oauth_signing_keys').select('kid').where('status', '=', 'active').execute();
    if (options.onlyIfNone && previous.length > 0) return undefined;
    // The database's clock, not this process's: every rotation counts from the same clock.
    const signsFrom = publishSeconds > 0 ? (await databaseNowSeconds(trx)) + publishSeconds : nowSeconds;
    const retireAfter = options.compromised ? signsFrom : signsFrom + maxTokenSeconds;
    await trx.updateTable('oauth_signing_keys').set({ status: 'retired', retire_after: retireAfter }).where('status', '=', 'active').execute();
    // A leak may be of any key still published (an older one too): none may verify any longer.
    if (options.compromised) await trx.updateTable('oauth_signing_keys').set({ retire_after: retireAfter }).where('retire_after', '>', retireAfter).execute();
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
        signs_from: publishSeconds > 0 ? signsFrom : null,
      })
      .execute();
    return { kid, alg, signsFrom, retired: previous.map((row) => ({ kid: row.kid, retireAfter })) };
  });
}

/** Seconds since the epoch by the database's clock. */
async function databaseNowSeconds(db: OAuthDb): Promise<number> {
  const query = isPostgres(db) ? sql<{ now: string | number }>`SELECT floor(extract(epoch from now()))::bigint AS now` : sql<{ now: number }>`SELECT unixepoch() AS now`;
  const { rows } = await query.execute(db);
  const now = Number(rows[0]?.now);
  if (!Number.isSafeInteger(now)) throw new Error('The database did not tell its time');
  return now;
}

/**
 * The key that signs at `nowSeconds`: among the published ones whose `signs_from` has come, the one
 * that signs from the latest time (the active key before a retired one signing from the same second).
 *
 * @param rows - Published keys.
 * @param nowSeconds - The current time.
 * @returns The signing key, or undefined when none may sign yet.
 * @example
 * ```ts
 * const row = signingKeyAt(await publishedKeys(db, now), now);
 * ```
 */
export function signingKeyAt(rows: readonly SigningKeyRow[], nowSeconds: number): SigningKeyRow | undefined {
  const signsFrom = (row: SigningKeyRow) => Number(row.signs_from ?? 0);
  const rank = (row: SigningKeyRow) => [signsFrom(row), row.status === 'active' ? 1 : 0, Number(row.created_at)];
  let best: SigningKeyRow | undefined;
  for (const row of rows) {
    if (signsFrom(row) > nowSeconds) continue;
    if (!best) {
      best = row;
      continue;
    }
    const [a, b] = [rank(row), rank(best)];
    const i = a.findIndex((value, index) => value !== b[index]);
    if (i >= 0 && a[i]! > b[i]!) best = row;
  }
  return best;
}

/**
 * Makes sure there is an active key (first start; safe when several instances start at once).
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
  return (await rotateSigningKey(db, alg, nowSeconds, 0, { onlyIfNone: true })) !== undefined;
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

/** Signing and verification keys, read from the database and kept in memory. */
export interface SigningKeys {
  /** The key new tokens are signed with. */
  active(): Promise<ActiveKey>;
  /** The public JWKS document. */
  jwks(): Promise<{ keys: JsonWebKey[] }>;
  /** Our own published keys, for verifying the tokens we issued (userinfo, introspection). */
  keySet: KeySet;
  /** Reads the keys from the database now (one query; concurrent callers share it). */
  reload(): Promise<void>;
  /** Stops the periodic reload. */
  close(): void;
}

/** Options of {@link createSigningKeys}. */
export interface SigningKeysOptions {
  /** Milliseconds between reloads (`KEYS_RELOAD_SECONDS`). */
  reloadMs: number;
  /**
   * At most one reload per this many milliseconds for a token whose `kid` is unknown (a key
   * rotated on another instance a moment ago): random `kid`s cannot cost a query per request.
   */
  unknownKidReloadMs?: number;
  /** Where a failed reload is reported (the keys already loaded stay in use). */
  onReloadError?: (err: unknown) => void;
}

/**
 * Loads the published keys and keeps them fresh: every `reloadMs`, and on a token with an unknown
 * `kid` at most once per `unknownKidReloadMs`. When a reload fails (database down), the keys
 * already loaded keep signing and verifying, and retired keys still leave at their `retire_after`.
 *
 * @param db - The database.
 * @param clock - Milliseconds since the epoch (for `retire_after`).
 * @param options - Reload interval and error reporting.
 * @returns The key accessor, loaded; call `close()` when done.
 * @throws When the first load fails: an instance does not start without its keys.
 * @example
 * ```ts
 * const keys = await createSigningKeys(db, Date.now, { reloadMs: 15_000 });
 * const { key, kid } = await keys.active();
 * ```
 */
export async function createSigningKeys(db: OAuthDb, clock: () => number, options: SigningKeysOptions): Promise<SigningKeys> {
  const unknownKidReloadMs = options.unknownKidReloadMs ?? 2_000;
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

  let rows: SigningKeyRow[] = [];
  let loading: Promise<void> | undefined;
  /** Real time (not the injectable clock) of the last reload caused by an unknown kid. */
  let lastUnknownKidReload = -Infinity;
  const reload = () => {
    loading ??= publishedKeys(db, now())
      .then((fresh) => {
        rows = fresh;
        // Keys no longer published are dropped from the import caches too.
        for (const cache of [privateKeys, publicKeys]) for (const kid of cache.keys()) if (!fresh.some((r) => r.kid === kid)) cache.delete(kid);
      })
      .finally(() => (loading = undefined));
    return loading;
  };
  const published = () => rows.filter((row) => row.status === 'active' || (row.retire_after ?? 0) > now());

  await reload();
  const timer = setInterval(() => reload().catch((err: unknown) => options.onReloadError?.(err)), options.reloadMs);
  timer.unref();

  return {
    async active() {
      // A key rotated a moment ago is published but does not sign before its `signs_from`.
      const row = signingKeyAt(published(), now());
      if (!row) throw new Error('No signing key: run `npm run keys -- rotate`');
      const alg = row.alg as OAuthSigningAlg;
      const key = await cached(privateKeys, row.kid, () => importKey(row.private_pem, alg, { kid: row.kid }));
      return { kid: row.kid, alg, key };
    },
    async jwks() {
      return { keys: published().map((row) => JSON.parse(row.public_jwk) as JsonWebKey) };
    },
    keySet: {
      async getKey(header) {
        const kid = header.kid;
        const find = () => (typeof kid === 'string' ? published().find((candidate) => candidate.kid === kid) : undefined);
        let row = find();
        if (!row && typeof kid === 'string' && (loading || performance.now() - lastUnknownKidReload >= unknownKidReloadMs)) {
          if (!loading) lastUnknownKidReload = performance.now();
          try {
            await reload();
          } catch (err) {
            // The key may exist but cannot be read: an outage (503), not a bad token.
            throw new JwtError('ERR_KEY_NOT_FOUND', 'The signing keys cannot be read', { cause: err });
          }
          row = find();
        }
        if (!row || row.alg !== header.alg) throw new JwtError('ERR_KEY_NOT_FOUND', 'No published key matches the token');
        return cached(publicKeys, row.kid, () => importKey(JSON.parse(row.public_jwk) as JsonWebKey, row.alg as OAuthSigningAlg));
      },
    },
    reload,
    close: () => clearInterval(timer),
  };
}
