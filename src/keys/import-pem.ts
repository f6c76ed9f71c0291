/**
 * Importing PEM text for an asymmetric algorithm: `PUBLIC KEY` (SPKI), `PRIVATE KEY` (PKCS#8), or a
 * `CERTIFICATE` whose key is used. Only `importKey` reaches this, so certificate parsing is bundled
 * only with it.
 *
 * @module
 */
import { keyInvalid as invalid } from '../lib/jwt-errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { importCryptoKey } from '../lib/crypto.js';
import { rsaModulusFromPkcs8 } from '../lib/der.js';
import type { SecretImportOptions } from './import-secret.js';
import { type JwtKey, makeKey } from './key.js';
import { decodePemKey, looksLikePem } from './pem.js';
import { checkRsaKey } from './strength.js';

/** An imported key, with its RSA modulus when the material showed it. */
interface Imported {
  readonly cryptoKey: CryptoKey;
  readonly modulus?: Uint8Array | undefined;
}

async function importPemBlock(pem: string, spec: AlgorithmSpec, options: SecretImportOptions): Promise<Imported> {
  const { format, der } = decodePemKey(pem);
  if (format === 'spki') return { cryptoKey: await importCryptoKey(spec, 'spki', der, ['verify'], true) };
  const cryptoKey = await importCryptoKey(spec, 'pkcs8', der, ['sign'], options.extractable === true);
  return { cryptoKey, modulus: spec.kty === 'RSA' ? rsaModulusFromPkcs8(der) : undefined };
}

/** @internal Imports PEM text for an asymmetric `spec`; RSA keys are checked for strength. */
export async function importPem(text: string, spec: AlgorithmSpec, options: SecretImportOptions, kid?: string): Promise<JwtKey> {
  if (!looksLikePem(text)) throw invalid(`An ${spec.alg} key given as a string must be PEM`);
  const { cryptoKey, modulus } = await importPemBlock(text, spec, options);
  if (spec.kty === 'RSA') await checkRsaKey(cryptoKey, modulus);
  return makeKey({ alg: spec.alg, type: cryptoKey.type as JwtKey['type'], cryptoKey, kid });
}
