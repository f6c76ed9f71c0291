/**
 * The Web Crypto key a JWE key holds, for the families whose key is one (everything but `dir`).
 *
 * @module
 */
import { keyInvalid } from '../../lib/jwt-errors.js';
import type { KeyManagementSpec } from '../algorithms.js';
import { type JweKey, jweKeyMaterial } from '../key.js';

/**
 * @internal The key's `CryptoKey`; `ERR_KEY_INVALID` when the key is not one of this library's keys
 * for `spec.alg` (the orchestration already checks, this keeps a family from ever using another's key).
 */
export function cryptoKeyOf(key: JweKey, spec: KeyManagementSpec): CryptoKey {
  const material = jweKeyMaterial(key);
  if (key.alg !== spec.alg || material?.kind !== 'crypto') {
    throw keyInvalid(`The key is not a key for ${spec.alg}`);
  }
  return material.cryptoKey;
}

/**
 * @internal The `CryptoKey` of an asymmetric key (as {@link cryptoKeyOf}), which must be the
 * recipient's `public` key to encrypt and its `private` key to decrypt; `ERR_KEY_INVALID` otherwise.
 */
export function recipientKeyOf(key: JweKey, spec: KeyManagementSpec, type: 'public' | 'private'): CryptoKey {
  const cryptoKey = cryptoKeyOf(key, spec);
  if (key.type !== type) {
    throw keyInvalid(`Only the recipient's ${type} key ${type === 'public' ? 'encrypts' : 'decrypts'} with ${spec.alg}`);
  }
  return cryptoKey;
}
