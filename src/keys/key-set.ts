/**
 * What `verify` accepts in place of a single key: a key set or a resolver function.
 *
 * @module
 */
import type { JwsHeader } from '../jws/header.js';
import type { JwtKey } from './key.js';

/**
 * Picks the key for a token from its header. The header's `alg` has already been checked against
 * the verifier's allowed algorithms, and the returned key's own `alg` is checked against it again.
 *
 * @category Key sets (JWKS)
 */
export type KeyResolver = (header: Readonly<JwsHeader>) => JwtKey | Promise<JwtKey>;

/**
 * A set of keys (local JWKS or remote `jwks_uri`) that resolves the key for a token.
 *
 * @category Key sets (JWKS)
 */
export interface KeySet {
  /** Returns the key matching `header` (by `kid`, `alg`, `kty`, `use`), or throws `ERR_KEY_NOT_FOUND`. */
  getKey(header: Readonly<JwsHeader>): Promise<JwtKey>;
}

/** @internal */
export function isKeySet(value: unknown): value is KeySet {
  return typeof value === 'object' && value !== null && typeof (value as KeySet).getKey === 'function';
}
