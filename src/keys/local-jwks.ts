/**
 * A key set from a JWKS document (RFC 7517 section 5). It picks the one key that fits a token by
 * `kid`, `kty`/`crv`, `alg`, `use` and `key_ops`, and never guesses between several. Keys embedded in
 * the token header (`jwk`, `jku`, `x5u`, `x5c`) are never looked at.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { isPlainObject } from '../lib/json.js';
import type { JwsHeader } from '../jws/header.js';
import { importJwk } from './import-jwk.js';
import { publicJwk } from './jwk.js';
import type { JwtKey } from './key.js';
import type { KeySet } from './key-set.js';
import type { Jwk } from '../lib/web-types.js';

/**
 * A JSON Web Key Set.
 *
 * @category Key sets (JWKS)
 */
export interface JsonWebKeySet {
  /** The keys; entries that cannot serve as a verification key for the token are not picked. */
  keys: Jwk[];
}

/** @internal How a {@link LocalJwks} treats `oct` (secret) keys. */
export interface LocalJwksPolicy {
  /**
   * `true`: a set may hold secrets, but never secrets and asymmetric keys together.
   * `false`: secrets are dropped (a key set fetched from a URL is public, so its secrets are not).
   */
  readonly secrets: boolean;
}

/** The outcome of importing one JWK for one algorithm: the key, or why it cannot serve. */
type Import = { readonly key: JwtKey } | { readonly error: unknown };

function fits(jwk: Record<string, unknown>, header: Readonly<JwsHeader>): boolean {
  const spec = algorithmSpec(header.alg);
  if (spec === undefined || jwk.kty !== spec.kty) return false;
  if (spec.crv !== undefined && jwk.crv !== spec.crv) return false;
  if (jwk.alg !== undefined && jwk.alg !== header.alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return false;
  return header.kid === undefined || jwk.kid === header.kid;
}

function notFound(why: string, cause?: unknown): JwtError {
  return new JwtError('ERR_KEY_NOT_FOUND', why, { cause });
}

/** @internal A validated JWKS that resolves keys; shared with the remote key set. */
export class LocalJwks implements KeySet {
  readonly #keys: readonly Readonly<Record<string, unknown>>[];
  // Imports are reused per (JWK, algorithm); a JWK without `alg` may serve several algorithms.
  readonly #imported = new Map<object, Map<Algorithm, Promise<Import>>>();

  constructor(jwks: unknown, policy: LocalJwksPolicy = { secrets: true }) {
    if (!isPlainObject(jwks) || !Array.isArray(jwks.keys)) {
      throw invalidArgument('A JWKS must be an object with a "keys" array');
    }
    // Entries that are not objects are ignored rather than failing the whole set (RFC 7517 section 5).
    let keys = jwks.keys.filter(isPlainObject);
    const isSecret = (jwk: Record<string, unknown>) => jwk.kty === 'oct';
    if (!policy.secrets) {
      keys = keys.filter((jwk) => !isSecret(jwk));
    } else if (keys.some(isSecret) && !keys.every(isSecret)) {
      // One verifier would then check MACs and signatures by the token's say-so: keep them apart.
      throw keyInvalid('A key set must not mix secrets (kty "oct") with public keys');
    }
    this.#keys = Object.freeze(keys.map((jwk) => Object.freeze({ ...jwk })));
  }

  async getKey(header: Readonly<JwsHeader>): Promise<JwtKey> {
    if (!isPlainObject(header)) throw invalidArgument('getKey needs a JWS header object');
    const fitting = this.#keys.filter((jwk) => fits(jwk, header));
    // A kid names one key; a set where it names several is broken, whichever of them would import.
    if (header.kid !== undefined && fitting.length > 1) throw notFound('Several keys in the key set share the token\'s kid');
    const imports = await Promise.all(fitting.map((jwk) => this.#import(jwk, header.alg)));
    // A key that cannot be imported (too small, bad point...) is no candidate, not a failure of the set.
    const usable = imports.flatMap((result) => ('key' in result ? [result.key] : []));
    if (usable.length === 1) return usable[0]!;
    if (usable.length > 1) throw notFound('Several keys in the key set fit the token and it names no kid to choose between them');
    const failure = imports.find((result): result is { error: unknown } => 'error' in result);
    if (failure === undefined) throw notFound('No key in the key set fits the token');
    const reason = failure.error instanceof JwtError ? `: ${failure.error.message}` : '';
    throw notFound(`No usable key in the key set fits the token${reason}`, failure.error);
  }

  #import(jwk: Readonly<Record<string, unknown>>, alg: Algorithm): Promise<Import> {
    let byAlg = this.#imported.get(jwk);
    if (byAlg === undefined) this.#imported.set(jwk, (byAlg = new Map()));
    let result = byAlg.get(alg);
    if (result === undefined) {
      // Only public members are imported: a verifier never needs, and should never hold, private parts.
      const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      result = importJwk(publicJwk(jwk as JsonWebKey), algorithmSpec(alg)!, {}, kid).then(
        (key) => ({ key }),
        (error: unknown) => ({ error }),
      );
      byAlg.set(alg, result);
    }
    return result;
  }
}

/**
 * A key set over a JWKS document, for `verify`.
 *
 * The key for a token is the one key that fits its header: same `kid` (when the token has one), a
 * `kty`/`crv` the token's `alg` needs, and `alg`, `use`, `key_ops` members (when present) that allow it.
 * Keys that cannot be imported (e.g. RSA under 2048 bits) are skipped, except that a `kid` naming
 * several keys is always refused. A set may hold public keys or secrets, not both. Private members of
 * asymmetric keys are ignored.
 *
 * @param jwks - `{ keys: [...] }`.
 * @returns A {@link KeySet}.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a document that is not a JWKS, `ERR_KEY_INVALID`
 *   for a set that mixes secrets and public keys. At verification: `ERR_KEY_NOT_FOUND` when no key,
 *   or more than one, fits the token.
 *
 * @example
 * ```ts
 * const keys = createLocalJwks({ keys: [publicJwk1, publicJwk2] });
 * const { payload } = await verify(token, keys, { algorithms: ['RS256', 'ES256'] });
 * ```
 *
 * @category Key sets (JWKS)
 */
export function createLocalJwks(jwks: JsonWebKeySet): KeySet {
  return new LocalJwks(jwks);
}
