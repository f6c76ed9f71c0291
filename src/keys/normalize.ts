/**
 * Turning a `KeyInput` (a JwtKey, CryptoKey or raw HMAC secret) into a {@link JwtKey} for one
 * algorithm. Raw secrets serve only HMAC: an asymmetric algorithm needs a key from `importKey`.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { isBytes } from '../lib/bytes.js';
import { isCryptoKey } from './crypto-key.js';
import { importKey } from './import.js';
import { isJwtKey, type JwtKey } from './key.js';

/** @internal */
export async function resolveKeyInput(input: unknown, alg: Algorithm): Promise<JwtKey> {
  if (isJwtKey(input)) return input;
  if (isCryptoKey(input)) return importKey(input, alg);
  if (typeof input === 'string' || isBytes(input)) {
    if (algorithmSpec(alg)?.kty !== 'oct') {
      throw new JwtError('ERR_KEY_INVALID', `A raw secret cannot serve ${alg}; import the key with importKey(material, '${alg}')`);
    }
    return importKey(input, alg);
  }
  throw new JwtError('ERR_KEY_INVALID', 'The key must be a JwtKey, a CryptoKey or an HMAC secret');
}
