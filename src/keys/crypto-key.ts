/**
 * Mapping a Web Crypto `CryptoKey` to the one JWS algorithm it can serve. A CryptoKey's algorithm
 * parameters (hash, curve, padding) bind it, so no guessing is involved.
 *
 * @module
 */
import type { Algorithm } from '../lib/algorithms.js';

// Maps, not object literals, so that names like `toString` find nothing.
const HASH_BITS: ReadonlyMap<string, string> = new Map([['SHA-256', '256'], ['SHA-384', '384'], ['SHA-512', '512']]);
const CURVE_ALG: ReadonlyMap<string, Algorithm> = new Map([['P-256', 'ES256'], ['P-384', 'ES384'], ['P-521', 'ES512']]);

/** True for a Web Crypto key (in runtimes that have the `CryptoKey` class). */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/**
 * The JWS algorithm a `CryptoKey` is bound to, or `undefined` when it serves none
 * (e.g. RSA-OAEP or AES keys). Ed25519 keys map to `EdDSA`.
 */
export function cryptoKeyAlgorithm(key: CryptoKey): Algorithm | undefined {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  const bits = algorithm.hash ? HASH_BITS.get(algorithm.hash.name) : undefined;
  switch (algorithm.name) {
    case 'HMAC':
      return bits ? (`HS${bits}` as Algorithm) : undefined;
    case 'RSASSA-PKCS1-v1_5':
      return bits ? (`RS${bits}` as Algorithm) : undefined;
    case 'RSA-PSS':
      return bits ? (`PS${bits}` as Algorithm) : undefined;
    case 'ECDSA':
      return algorithm.namedCurve === undefined ? undefined : CURVE_ALG.get(algorithm.namedCurve);
    case 'Ed25519':
      return 'EdDSA';
    default:
      return undefined;
  }
}
