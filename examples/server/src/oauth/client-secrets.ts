/**
 * How client secrets are stored: `$sha256$<base64url digest>`. A secret is 256 random bits made by
 * the server, so a fast hash is as safe as a slow one (nobody can search a 2^256 space) and a right
 * secret is recognised in microseconds: client authentication can no longer be used to make the
 * server run scrypt. No key is involved, so rotating `SECRET_KEY` leaves the clients working.
 *
 * Secrets registered before this format are scrypt hashes (`$scrypt$...`): they are still verified,
 * through the bounded password queue, and rehashed at their first successful use.
 *
 * @module
 */
import { safeEqual, sha256 } from './secrets.js';

const PREFIX = '$sha256$';

/** A digest no secret has (the SHA-256 of nothing is never stored): unknown clients compare with it. */
const NO_SECRET = `${PREFIX}${sha256('')}`;

/**
 * The stored form of a new secret.
 *
 * @param secret - The secret given to the client once.
 * @example
 * ```ts
 * await db.insertInto('oauth_clients').values({ ..., secret_hash: hashClientSecret(secret) });
 * ```
 */
export function hashClientSecret(secret: string): string {
  return `${PREFIX}${sha256(secret)}`;
}

/**
 * Checks a presented secret against the stored one, in constant time. `stored` undefined (unknown
 * client, or one without a secret) takes the same path and never matches.
 *
 * @param secret - What the client sent.
 * @param stored - The stored hash.
 * @returns `match`, `mismatch`, or `legacy` for an scrypt hash the caller must verify itself.
 * @example
 * ```ts
 * if (checkClientSecret(secret, client?.secretHash ?? undefined) === 'match') return client;
 * ```
 */
export function checkClientSecret(secret: string, stored: string | undefined): 'match' | 'mismatch' | 'legacy' {
  if (stored !== undefined && !stored.startsWith(PREFIX)) return 'legacy';
  const matches = safeEqual(hashClientSecret(secret), stored ?? NO_SECRET);
  return matches && stored !== undefined ? 'match' : 'mismatch';
}
