/**
 * Importing PEM text for an asymmetric algorithm: `PUBLIC KEY` (SPKI), `PRIVATE KEY` (PKCS#8), or a
 * `CERTIFICATE` whose key is used. Only `importKey` reaches this, so certificate parsing is bundled
 * only with it.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { importCryptoKey } from '../lib/crypto.js';
import { rsaModulusFromPkcs8, spkiFromCertificate } from '../lib/der.js';
import type { SecretImportOptions } from './import-secret.js';
import { type JwtKey, makeKey } from './key.js';
import { decodePem, looksLikePem } from './pem.js';
import { checkRsaKey } from './strength.js';

const invalid = (why: string) => new JwtError('ERR_KEY_INVALID', why);

/** An imported key, with its RSA modulus when the material showed it. */
interface Imported {
  readonly cryptoKey: CryptoKey;
  readonly modulus?: Uint8Array | undefined;
}

async function importPemBlock(pem: string, spec: AlgorithmSpec, options: SecretImportOptions): Promise<Imported> {
  const { label, der } = decodePem(pem);
  switch (label) {
    case 'PUBLIC KEY':
      return { cryptoKey: await importCryptoKey(spec, 'spki', der, ['verify'], true) };
    case 'PRIVATE KEY': {
      const cryptoKey = await importCryptoKey(spec, 'pkcs8', der, ['sign'], options.extractable === true);
      return { cryptoKey, modulus: spec.kty === 'RSA' ? rsaModulusFromPkcs8(der) : undefined };
    }
    case 'CERTIFICATE': {
      // Only the key is used: the certificate's validity and issuer are for PKI, which is not our job.
      const spki = spkiFromCertificate(der);
      if (spki === undefined) throw invalid('The certificate cannot be parsed');
      return { cryptoKey: await importCryptoKey(spec, 'spki', spki, ['verify'], true) };
    }
    case 'RSA PUBLIC KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      throw invalid(`PEM "${label}" is a legacy format; convert it to SPKI or PKCS#8 (openssl pkey -in key.pem)`);
    case 'ENCRYPTED PRIVATE KEY':
      throw invalid('Encrypted private keys are not supported; decrypt it first (openssl pkey -in key.pem)');
    default:
      throw invalid(`PEM "${label}" is not a key; expected PUBLIC KEY, PRIVATE KEY or CERTIFICATE`);
  }
}

/** @internal Imports PEM text for an asymmetric `spec`; RSA keys are checked for strength. */
export async function importPem(text: string, spec: AlgorithmSpec, options: SecretImportOptions, kid?: string): Promise<JwtKey> {
  if (!looksLikePem(text)) throw invalid(`An ${spec.alg} key given as a string must be PEM`);
  const { cryptoKey, modulus } = await importPemBlock(text, spec, options);
  if (spec.kty === 'RSA') await checkRsaKey(cryptoKey, modulus);
  return makeKey({ alg: spec.alg, type: cryptoKey.type as JwtKey['type'], cryptoKey, kid });
}
