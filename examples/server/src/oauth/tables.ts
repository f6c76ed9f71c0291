/**
 * The authorization server's tables, as Kysely types, and {@link oauthDb}: the app's database seen
 * with them (kept apart from `models.ts`, which stays the template's users and sessions).
 *
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../models.js';

/** `oauth_signing_keys`: the asymmetric keys tokens are signed with. */
export interface SigningKeysTable {
  kid: string;
  alg: string;
  /** The public JWK (JSON text), as published at the `jwks_uri`. */
  public_jwk: string;
  /** PKCS#8 PEM. A real deployment would encrypt it (KMS, envelope encryption) or keep it in an HSM. */
  private_pem: string;
  /** Seconds since the epoch. */
  created_at: number;
  /**
   * `active`: the newest key, published, signing from `signs_from`; `retired`: published until
   * `retire_after`, and still signing until a newer key's `signs_from`.
   */
  status: string;
  /** Seconds: when the last token this key signed has expired; the key is unpublished after it. */
  retire_after: number | null;
  /**
   * Seconds (database clock): when instances start signing with the key; until then it is only
   * published, so every instance knows it before any token signed by it exists. Null: at once.
   */
  signs_from: number | null;
}

/** `oauth_clients`: registered clients. */
export interface ClientsTable {
  client_id: string;
  name: string;
  /** `public` (SPA, native app: no secret) or `confidential`. */
  client_type: string;
  /** `$sha256$...` digest of the secret (confidential clients only); older rows: an scrypt hash. */
  secret_hash: string | null;
  /** JSON array; compared exactly. */
  redirect_uris: string;
  /** JSON array of grant types. */
  grant_types: string;
  /** Space-separated scopes the client may ask for. */
  scope: string;
  /** First-party clients skip the consent page. SQLite gives 0/1. */
  first_party: boolean | number;
  created_at: string;
}

/** `oauth_sessions`: single sign-on sessions; the cookie holds the random ID, the table its hash. */
export interface SessionsTable {
  id_hash: string;
  user_id: number;
  auth_time: number;
  expires_at: number;
}

/** `oauth_codes`: authorization codes (hashed), single-use. */
export interface CodesTable {
  code_hash: string;
  client_id: string;
  user_id: number;
  redirect_uri: string;
  scope: string;
  code_challenge: string;
  nonce: string | null;
  auth_time: number;
  expires_at: number;
  used_at: number | null;
  /** What the first redemption issued, revoked if the code is presented again. */
  family_id: string | null;
  access_jti: string | null;
  access_exp: number | null;
}

/** `oauth_grants`: what one refresh family (see `auth/refresh-families.ts`) was granted. */
export interface GrantsTable {
  family_id: string;
  client_id: string;
  scope: string;
  auth_time: number;
}

/** The app's schema plus the OAuth tables. */
export interface OAuthDatabase extends Database {
  oauth_signing_keys: SigningKeysTable;
  oauth_clients: ClientsTable;
  oauth_sessions: SessionsTable;
  oauth_codes: CodesTable;
  oauth_grants: GrantsTable;
}

export type OAuthDb = Kysely<OAuthDatabase>;
export type ClientRow = Selectable<ClientsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

/**
 * The app's database, typed with the OAuth tables (created by migration `002_oauth`).
 *
 * @param db - The app's Kysely instance.
 * @example
 * ```ts
 * const clients = await oauthDb(deps.db).selectFrom('oauth_clients').selectAll().execute();
 * ```
 */
export function oauthDb(db: Db): OAuthDb {
  return db as unknown as OAuthDb;
}

/**
 * The same database seen with the app's own tables, for the template's helpers (refresh families).
 *
 * @param db - The OAuth-typed instance.
 * @example
 * ```ts
 * await revokeFamily(appDb(db), familyId, now);
 * ```
 */
export function appDb(db: OAuthDb): Db {
  return db as unknown as Db;
}
