/**
 * The client registry: create (secret stored as a SHA-256 digest, see `client-secrets.ts`), find, list, delete.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { hashClientSecret } from './client-secrets.js';
import { randomToken } from './secrets.js';
import type { ClientRow, OAuthDb } from './tables.js';

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** A client as the code uses it. */
export interface Client {
  clientId: string;
  name: string;
  type: 'public' | 'confidential';
  secretHash: string | null;
  redirectUris: string[];
  grantTypes: GrantType[];
  scopes: string[];
  firstParty: boolean;
}

/** What `clients create` takes. */
export interface NewClient {
  name: string;
  type: 'public' | 'confidential';
  redirectUris: string[];
  grantTypes: GrantType[];
  scopes: string[];
  firstParty: boolean;
}

function toClient(row: ClientRow): Client {
  return {
    clientId: row.client_id,
    name: row.name,
    type: row.client_type === 'confidential' ? 'confidential' : 'public',
    secretHash: row.secret_hash,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    grantTypes: JSON.parse(row.grant_types) as GrantType[],
    scopes: row.scope.split(' ').filter(Boolean),
    firstParty: Boolean(row.first_party),
  };
}

/**
 * Checks a redirect URI for registration: absolute, no fragment (RFC 6749 section 3.1.2), and
 * https except on loopback hosts.
 *
 * @param uri - The URI.
 * @returns Why it is refused, or `undefined`.
 * @example
 * ```ts
 * redirectUriProblem('http://127.0.0.1:5173/callback'); // undefined
 * ```
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `not an absolute URL: ${uri}`;
  }
  if (url.hash || uri.includes('#')) return `must not contain a fragment: ${uri}`;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) return `must use https (http only on loopback): ${uri}`;
  if (url.protocol === 'javascript:' || url.protocol === 'data:') return `scheme not allowed: ${uri}`;
  return undefined;
}

/**
 * A random client ID (96 bits, base64url) that never starts with `-`, so it can be passed to a
 * command line (`npm run clients -- delete ID`) without being read as a flag.
 */
export function newClientId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Registers a client. Confidential clients get a secret, returned once and stored hashed.
 *
 * @param db - The database.
 * @param client - Name, type, redirect URIs, grants, scopes, first party.
 * @returns The client ID and, for confidential clients, the secret.
 * @throws Error when a redirect URI is unusable or a grant does not fit the type.
 * @example
 * ```ts
 * const { client_id } = await createClient(db, { name: 'spa', type: 'public', ... });
 * ```
 */
export async function createClient(db: OAuthDb, client: NewClient): Promise<{ client_id: string; client_secret?: string }> {
  for (const uri of client.redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new Error(`Redirect URI ${problem}`);
  }
  const redirecting = client.grantTypes.some((g) => g === 'authorization_code' || g === 'implicit');
  if (redirecting && client.redirectUris.length === 0) throw new Error('authorization_code and implicit need at least one --redirect-uri');
  if (client.type === 'public' && client.grantTypes.includes('client_credentials')) {
    throw new Error('client_credentials needs a confidential client');
  }
  const clientId = newClientId();
  const secret = client.type === 'confidential' ? randomToken() : undefined;
  await db
    .insertInto('oauth_clients')
    .values({
      client_id: clientId,
      name: client.name,
      client_type: client.type,
      secret_hash: secret === undefined ? null : hashClientSecret(secret),
      redirect_uris: JSON.stringify(client.redirectUris),
      grant_types: JSON.stringify(client.grantTypes),
      scope: client.scopes.join(' '),
      first_party: client.firstParty ? 1 : 0, // SQLite binds no booleans; PostgreSQL reads 1/0 as one
      created_at: new Date().toISOString(),
    })
    .execute();
  return secret === undefined ? { client_id: clientId } : { client_id: clientId, client_secret: secret };
}

/**
 * Finds a client by ID.
 *
 * @param db - The database.
 * @param clientId - The ID.
 * @example
 * ```ts
 * const client = await findClient(db, 'abc');
 * ```
 */
export async function findClient(db: OAuthDb, clientId: string): Promise<Client | undefined> {
  // Defence in depth behind the route schemas: what no client ID can be never reaches the database.
  if (typeof clientId !== 'string' || clientId.length > 256 || /[\u0000-\u001F\u007F]/.test(clientId)) return undefined;
  const row = await db.selectFrom('oauth_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row ? toClient(row) : undefined;
}

/**
 * Every client (without secrets).
 *
 * @param db - The database.
 * @example
 * ```ts
 * console.log(await listClients(db));
 * ```
 */
export async function listClients(db: OAuthDb): Promise<Omit<Client, 'secretHash'>[]> {
  const rows = await db.selectFrom('oauth_clients').selectAll().orderBy('created_at').execute();
  return rows.map((row) => {
    const { secretHash: _, ...client } = toClient(row);
    return client;
  });
}

/**
 * Deletes a client; its codes and grants go with it.
 *
 * @param db - The database.
 * @param clientId - The ID.
 * @returns True when it existed.
 * @example
 * ```ts
 * await deleteClient(db, 'abc');
 * ```
 */
export async function deleteClient(db: OAuthDb, clientId: string): Promise<boolean> {
  const result = await db.deleteFrom('oauth_clients').where('client_id', '=', clientId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/**
 * Replaces a client's stored secret hash (an old scrypt hash by its SHA-256 form).
 *
 * @param db - The database.
 * @param clientId - The ID.
 * @param from - The hash that was verified; nothing changes if another process replaced it meanwhile.
 * @param to - The new hash.
 * @example
 * ```ts
 * await replaceSecretHash(db, client.clientId, client.secretHash, hashClientSecret(secret));
 * ```
 */
export async function replaceSecretHash(db: OAuthDb, clientId: string, from: string, to: string): Promise<void> {
  await db.updateTable('oauth_clients').set({ secret_hash: to }).where('client_id', '=', clientId).where('secret_hash', '=', from).execute();
}
