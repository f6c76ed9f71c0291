/**
 * The key object every sign and verify call takes. A key is bound to exactly one algorithm when it is
 * made, so a token's header can never turn an RSA public key into an HMAC secret.
 *
 * @module
 */
import { type Algorithm, type AlgorithmSpec, algorithmSpec } from '../lib/algorithms.js';
import type { RuntimeCryptoKey } from '../lib/web-types.js';

const BRAND = /* @__PURE__ */ Symbol.for('webjwt.key'); // pure: a bundler may leave it out

/**
 * A key bound to one JWS algorithm. Made by {@link importKey}, {@link generateSecret},
 * {@link generateKeyPair} or a key set; never built by hand.
 *
 * @category Keys
 */
export interface JwtKey {
  /** The only algorithm this key signs or verifies with. */
  readonly alg: Algorithm;
  /** `secret` for HMAC, `public` or `private` for asymmetric keys. */
  readonly type: 'secret' | 'public' | 'private';
  /** Key ID, written to / matched against the JWS `kid` header. */
  readonly kid?: string;
  /**
   * True only for an HMAC secret shorter than RFC 7518 requires, imported with
   * `allowShortSecretForVerifyOnly`. Such a key verifies legacy tokens and never signs.
   */
  readonly weak: boolean;
  /**
   * The underlying Web Crypto key: typed as the environment's `CryptoKey` where its types declare
   * one (see {@link RuntimeCryptoKey}).
   */
  readonly cryptoKey: RuntimeCryptoKey;
  /** @internal brand, so plain objects cannot pose as keys. */
  readonly [BRAND]: true;
}

/** @internal Builds a frozen, branded key. Only the key modules call this. */
export function makeKey(fields: {
  alg: Algorithm;
  type: JwtKey['type'];
  cryptoKey: CryptoKey;
  kid?: string | undefined;
  weak?: boolean;
}): JwtKey {
  const key: JwtKey = {
    alg: fields.alg,
    type: fields.type,
    weak: fields.weak === true,
    cryptoKey: fields.cryptoKey,
    [BRAND]: true,
    ...(fields.kid === undefined ? {} : { kid: fields.kid }),
  };
  return Object.freeze(key);
}

/**
 * True when `value` is a key made by this library (works across bundled copies).
 *
 * @param value - Any value.
 * @returns Whether `value` is a {@link JwtKey}.
 * @throws Never.
 *
 * @example
 * ```ts
 * isJwtKey(await generateSecret('HS256')); // true
 * isJwtKey({ alg: 'HS256' }); // false: keys are never built by hand
 * ```
 *
 * @category Keys
 */
export function isJwtKey(value: unknown): value is JwtKey {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** @internal The algorithm row of a key (always defined: keys are only made for known algorithms). */
export function keySpec(key: JwtKey): AlgorithmSpec {
  return algorithmSpec(key.alg)!;
}
