/**
 * Mapping a Web Crypto `CryptoKey` to the one JWS algorithm it can serve. A CryptoKey's algorithm
 * parameters (hash, curve, padding) bind it, so no guessing is involved.
 *
 * @module
 */
import { type Algorithm, algorithmForKeyParams } from '../lib/algorithms.js';

/** True for a Web Crypto key (in runtimes that have the `CryptoKey` class). */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/**
 * The JWS algorithm a `CryptoKey` is bound to, or `undefined` when it serves none
 * (e.g. RSA-OAEP or AES keys). Ed25519 keys map to `EdDSA`.
 */
export function cryptoKeyAlgorithm(key: CryptoKey): Algorithm | undefined {
  const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name?: unknown }; namedCurve?: unknown };
  return algorithmForKeyParams(algorithm.name, algorithm.hash?.name, algorithm.namedCurve);
}
