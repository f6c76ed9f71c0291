/**
 * Adopting a Web Crypto `CryptoKey` as a {@link JwtKey}: it must be bound to the algorithm already,
 * and it gets the same strength checks as imported material (HMAC length; RSA size, exponent, ROCA).
 * `sign` and `verify` take CryptoKeys directly, so this is kept apart from PEM and JWK parsing.
 *
 * @module
 */
import { keyInvalid as invalid } from '../lib/jwt-errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import type { SecretImportOptions } from './import-secret.js';
import { cryptoKeyAlgorithm } from './crypto-key.js';
import { type JwtKey, makeKey } from './key.js';
import { checkRsaKey, checkSecretLength } from './strength.js';

/** @internal A CryptoKey as a JwtKey for `spec`. Throws `ERR_KEY_INVALID` for a key of another algorithm or a weak one. */
export async function adoptCryptoKey(key: CryptoKey, spec: AlgorithmSpec, options: SecretImportOptions, kid?: string): Promise<JwtKey> {
  const bound = cryptoKeyAlgorithm(key);
  const sameScheme = bound === spec.alg || (bound === 'EdDSA' && spec.alg === 'Ed25519');
  if (!sameScheme) throw invalid(`The CryptoKey is not a key for ${spec.alg}`);
  if (!key.usages.includes('sign') && !key.usages.includes('verify')) throw invalid('The CryptoKey may neither sign nor verify');
  let weak = false;
  if (spec.kty === 'oct') {
    const bits = (key.algorithm as HmacKeyAlgorithm).length;
    weak = checkSecretLength(Math.floor(bits / 8), spec, options.allowShortSecretForVerifyOnly === true);
  }
  if (spec.kty === 'RSA') await checkRsaKey(key);
  return makeKey({ alg: spec.alg, type: key.type as JwtKey['type'], cryptoKey: key, kid, weak });
}

