/**
 * Turning a `KeyInput` (a JwtKey, CryptoKey or raw HMAC secret) into a {@link JwtKey} for one
 * algorithm. Raw secrets serve only HMAC: an asymmetric algorithm needs a key from `importKey`.
 * Only the secret and CryptoKey paths of `importKey` are reached from here, so `sign` and `verify`
 * never bundle PEM, JWK or certificate parsing.
 *
 * @module
 */
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { isBytes } from '../lib/bytes.js';
import { isCryptoKey } from './crypto-key.js';
import { adoptCryptoKey } from './import-crypto-key.js';
import { importSecretBytes, secretBytes } from './import-secret.js';
import { describeValue } from './jwk.js';
import { isJwtKey, type JwtKey } from './key.js';

/** @internal */
export async function resolveKeyInput(input: unknown, alg: Algorithm): Promise<JwtKey> {
  if (isJwtKey(input)) return input;
  const spec = algorithmSpec(alg);
  if (isCryptoKey(input)) {
    if (spec === undefined) throw invalidArgument(`Unsupported algorithm: ${describeValue(alg)}`);
    return adoptCryptoKey(input, spec, {});
  }
  if (typeof input === 'string' || isBytes(input)) {
    if (spec?.kty !== 'oct') {
      throw keyInvalid(`A raw secret cannot serve ${alg}; import the key with importKey(material, '${alg}')`);
    }
    return importSecretBytes(secretBytes(input, spec), spec, {});
  }
  throw keyInvalid('The key must be a JwtKey, a CryptoKey or an HMAC secret');
}
