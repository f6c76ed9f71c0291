/**
 * A key set from a JWKS document (RFC 7517 section 5). It picks the one key that fits a token by
 * `kid`, `kty`/`crv`, `alg` and `use`, and never guesses between several.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { isPlainObject } from '../lib/json.js';
import type { JwsHeader } from '../jws/header.js';
import { importKey } from './import.js';
import { publicJwk } from './jwk.js';
import type { JwtKey } from './key.js';
import type { KeySet } from './key-set.js';

/** A JSON Web Key Set. */
export interface JsonWebKeySet {
  /** The keys; entries that are not usable signature keys are skipped when a key is picked. */
  keys: JsonWebKey[];
}

function fits(jwk: Record<string, unknown>, header: JwsHeader): boolean {
  const spec = algorithmSpec(header.alg);
  if (spec === undefined || jwk.kty !== spec.kty) return false;
  if (spec.crv !== undefined && jwk.crv !== spec.crv) return false;
  if (jwk.alg !== undefined && jwk.alg !== header.alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  return header.kid === undefined || jwk.kid === header.kid;
}

/** @internal A validated JWKS that resolves keys; shared with the remote key set. */
export class LocalJwks implements KeySet {
  readonly #keys: readonly Record<string, unknown>[];
  // Imports are reused per (JWK, algorithm); a JWK without `alg` may serve several algorithms.
  readonly #imported = new Map<Record<string, unknown>, Map<Algorithm, Promise<JwtKey>>>();

  constructor(jwks: unknown) {
    if (!isPlainObject(jwks) || !Array.isArray(jwks.keys)) {
      throw new JwtError('ERR_INVALID_ARGUMENT', 'A JWKS must be an object with a "keys" array');
    }
    // Entries that are not objects are ignored rather than failing the whole set (RFC 7517 section 5).
    this.#keys = Object.freeze(jwks.keys.filter(isPlainObject).map((k) => Object.freeze({ ...k })));
  }

  async getKey(header: Readonly<JwsHeader>): Promise<JwtKey> {
    const candidates = this.#keys.filter((jwk) => fits(jwk, header));
    if (candidates.length === 0) throw new JwtError('ERR_KEY_NOT_FOUND', 'No key in the key set matches the token');
    if (candidates.length > 1) {
      throw new JwtError('ERR_KEY_NOT_FOUND', 'Several keys in the key set match the token and it names no kid to choose');
    }
    return this.#import(candidates[0]!, header.alg);
  }

  #import(jwk: Record<string, unknown>, alg: Algorithm): Promise<JwtKey> {
    let byAlg = this.#imported.get(jwk);
    if (byAlg === undefined) this.#imported.set(jwk, (byAlg = new Map()));
    let key = byAlg.get(alg);
    if (key === undefined) {
      // Only public members are imported: a verifier never needs, and should never hold, private parts.
      key = importKey(publicJwk(jwk as JsonWebKey), alg);
      byAlg.set(alg, key);
    }
    return key;
  }
}

/**
 * A key set over a JWKS document, for `verify`.
 *
 * @param jwks - `{ keys: [...] }`. Private members of asymmetric keys are ignored.
 * @returns A {@link KeySet}.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a document that is not a JWKS. At verification:
 *   `ERR_KEY_NOT_FOUND` when no key, or more than one without a `kid`, fits the token.
 *
 * @example
 * ```ts
 * const keys = createLocalJwks({ keys: [publicJwk1, publicJwk2] });
 * const { payload } = await verify(token, keys, { algorithms: ['RS256', 'ES256'] });
 * ```
 */
export function createLocalJwks(jwks: JsonWebKeySet): KeySet {
  return new LocalJwks(jwks);
}
