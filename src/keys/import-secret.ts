/**
 * Importing an HMAC secret given as text or bytes: the part of `importKey` that `sign` and `verify`
 * need for a raw secret, kept apart from PEM and JWK parsing so that HMAC-only bundles carry neither.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { isBytes } from '../lib/bytes.js';
import { importCryptoKey } from '../lib/crypto.js';
import { utf8 } from '../lib/utf8.js';
import { type JwtKey, makeKey } from './key.js';
import { containsPem } from './pem.js';
import { checkSecretLength } from './strength.js';

/** @internal The import options a secret uses. */
export interface SecretImportOptions {
  readonly extractable?: boolean | undefined;
  readonly allowShortSecretForVerifyOnly?: boolean | undefined;
}

/**
 * @internal The bytes of a secret given as text (UTF-8) or bytes (copied). PEM text and JSON text are
 * refused: a public key must never become an HMAC secret (the RS256-to-HS256 confusion).
 */
export function secretBytes(material: unknown, spec: AlgorithmSpec): Uint8Array {
  if (typeof material === 'string') {
    if (containsPem(material)) throw invalid(`A PEM key is not an ${spec.alg} secret; import it for the algorithm it is for`);
    if (material.trim().startsWith('{')) throw invalid(`JSON text is not an ${spec.alg} secret; pass a JWK as an object`);
    return utf8(material);
  }
  if (isBytes(material)) return material.slice();
  throw invalid(`An ${spec.alg} secret must be a string, bytes, an oct JWK or an HMAC CryptoKey`);
}

/** @internal Imports secret bytes for an HMAC algorithm; short secrets only with the option, and then verify-only. */
export async function importSecretBytes(
  secret: Uint8Array,
  spec: AlgorithmSpec,
  options: SecretImportOptions,
  kid?: string,
): Promise<JwtKey> {
  const weak = checkSecretLength(secret.length, spec, options.allowShortSecretForVerifyOnly === true);
  const usages: KeyUsage[] = weak ? ['verify'] : ['sign', 'verify'];
  const cryptoKey = await importCryptoKey(spec, 'raw', secret, usages, options.extractable === true);
  return makeKey({ alg: spec.alg, type: 'secret', cryptoKey, kid, weak });
}

const invalid = (why: string) => new JwtError('ERR_KEY_INVALID', why);
