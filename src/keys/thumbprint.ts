/**
 * JWK thumbprints (RFC 7638): a hash of a key's required public members, e.g. for stable `kid`s.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { encodeBase64url } from '../lib/base64url.js';
import { digest } from '../lib/crypto.js';
import { isPlainObject } from '../lib/json.js';
import { utf8 } from '../lib/utf8.js';
import type { Jwk } from '../lib/web-types.js';
import { exportJwk } from './export.js';
import { invalidJwk } from './jwk.js';
import { isJwtKey, type JwtKey } from './key.js';

// RFC 7638 section 3.2: the required members per kty, in lexicographic order.
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

/**
 * Computes the RFC 7638 thumbprint of a JWK or key.
 *
 * @param key - A JWK object or a {@link JwtKey} (secrets must be extractable).
 * @param hash - `SHA-256` (default), `SHA-384` or `SHA-512`.
 * @returns The base64url thumbprint.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for a JWK without its required members.
 *
 * @example
 * ```ts
 * const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y });
 * ```
 *
 * @category Keys
 */
export async function calculateJwkThumbprint(
  key: Jwk | JwtKey,
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512' = 'SHA-256',
): Promise<string> {
  if (hash !== 'SHA-256' && hash !== 'SHA-384' && hash !== 'SHA-512') {
    throw invalidArgument('hash must be SHA-256, SHA-384 or SHA-512');
  }
  const jwk: Record<string, unknown> | undefined = isJwtKey(key)
    ? ((await exportJwk(key)) as Record<string, unknown>)
    : isPlainObject(key)
      ? key
      : undefined;
  const members =
    jwk && typeof jwk.kty === 'string' && Object.prototype.hasOwnProperty.call(REQUIRED, jwk.kty) ? REQUIRED[jwk.kty] : undefined;
  if (jwk === undefined || members === undefined) throw keyInvalid('The key has no supported kty');
  const parts = members.map((name) => {
    const value = jwk[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw invalidJwk(`lacks its required "${name}" member`);
    }
    return `${JSON.stringify(name)}:${JSON.stringify(value)}`;
  });
  return encodeBase64url(await digest(hash, utf8(`{${parts.join(',')}}`)));
}
