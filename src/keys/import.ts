/**
 * `importKey`: a key bound to the algorithm the caller names, from a secret, PEM, JWK or CryptoKey.
 * The material's encoding is recognised only within the algorithm's family; the algorithm itself is
 * never guessed, and material of another family is refused (a PEM or JWK text is never an HMAC secret).
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { type Algorithm, type AlgorithmSpec, algorithmSpec } from '../lib/algorithms.js';
import { decodeBase64url } from '../lib/base64url.js';
import { isBytes } from '../lib/bytes.js';
import { importCryptoKey } from '../lib/crypto.js';
import { rsaModulusFromPkcs8, spkiFromCertificate } from '../lib/der.js';
import { isPlainObject } from '../lib/json.js';
import { checkOptions, optionsSchema, OPTION_BOOLEAN, OPTION_STRING } from '../lib/options.js';
import { utf8 } from '../lib/utf8.js';
import type { CryptoKeyLike, Jwk } from '../lib/web-types.js';
import { cryptoKeyAlgorithm, isCryptoKey } from './crypto-key.js';
import { checkJwk, describeValue, jwkModulus, webCryptoJwk } from './jwk.js';
import { type JwtKey, makeKey } from './key.js';
import { containsPem, decodePem, looksLikePem } from './pem.js';
import { checkRsaKey, checkSecretLength } from './strength.js';

/**
 * Options of {@link importKey}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Keys
 */
export interface ImportKeyOptions {
  /** Key ID, written to the `kid` header when signing. Defaults to the JWK's `kid`. */
  kid?: string;
  /** Whether a secret or private key can be exported again. Public keys always can. Default `false`. */
  extractable?: boolean;
  /**
   * DANGER: accept an HMAC secret shorter than RFC 7518 section 3.2 requires, to verify legacy tokens.
   * The key gets `weak: true` and the `verify` usage only: it can never sign.
   */
  allowShortSecretForVerifyOnly?: boolean;
}

const IMPORT_KEY_SCHEMA = /* @__PURE__ */ optionsSchema<ImportKeyOptions>('importKey', {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
  allowShortSecretForVerifyOnly: OPTION_BOOLEAN,
});

/**
 * Key material {@link importKey} accepts.
 *
 * @category Keys
 */
export type KeyMaterial = string | Uint8Array | Jwk | CryptoKeyLike;

/** An imported asymmetric key, with its RSA modulus when the material showed it. */
interface Imported {
  readonly cryptoKey: CryptoKey;
  readonly modulus?: Uint8Array | undefined;
}

const invalid = (why: string) => new JwtError('ERR_KEY_INVALID', why);

function secretBytes(material: KeyMaterial, spec: AlgorithmSpec): Uint8Array {
  if (typeof material === 'string') {
    if (containsPem(material)) throw invalid(`A PEM key is not an ${spec.alg} secret; import it for the algorithm it is for`);
    if (material.trim().startsWith('{')) throw invalid(`JSON text is not an ${spec.alg} secret; pass a JWK as an object`);
    return utf8(material);
  }
  if (isBytes(material)) return material.slice();
  if (isPlainObject(material)) {
    checkJwk(material, spec);
    const bytes = typeof material.k === 'string' ? decodeBase64url(material.k) : undefined;
    if (bytes === undefined) throw invalid('The oct JWK has no valid "k" (base64url)');
    return bytes;
  }
  throw invalid(`An ${spec.alg} secret must be a string, bytes, an oct JWK or an HMAC CryptoKey`);
}

async function importSecret(secret: Uint8Array, spec: AlgorithmSpec, options: ImportKeyOptions, kid?: string): Promise<JwtKey> {
  const weak = checkSecretLength(secret.length, spec, options.allowShortSecretForVerifyOnly === true);
  const usages: KeyUsage[] = weak ? ['verify'] : ['sign', 'verify'];
  const cryptoKey = await importCryptoKey(spec, 'raw', secret, usages, options.extractable === true);
  return makeKey({ alg: spec.alg, type: 'secret', cryptoKey, kid, weak });
}

async function importPem(pem: string, spec: AlgorithmSpec, options: ImportKeyOptions): Promise<Imported> {
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

async function importAsymmetric(material: KeyMaterial, spec: AlgorithmSpec, options: ImportKeyOptions): Promise<Imported> {
  if (typeof material === 'string') {
    if (!looksLikePem(material)) throw invalid(`An ${spec.alg} key given as a string must be PEM`);
    return importPem(material, spec, options);
  }
  if (isPlainObject(material)) {
    const isPrivate = checkJwk(material, spec);
    const extractable = isPrivate ? options.extractable === true : true;
    const cryptoKey = await importCryptoKey(spec, 'jwk', webCryptoJwk(material), [isPrivate ? 'sign' : 'verify'], extractable);
    return { cryptoKey, modulus: spec.kty === 'RSA' ? jwkModulus(material) : undefined };
  }
  throw invalid(`An ${spec.alg} key must be PEM text, a JWK object or a CryptoKey, never bytes`);
}

function checkCryptoKey(key: CryptoKey, spec: AlgorithmSpec, options: ImportKeyOptions): boolean {
  const bound = cryptoKeyAlgorithm(key);
  const sameScheme = bound === spec.alg || (bound === 'EdDSA' && spec.alg === 'Ed25519');
  if (!sameScheme) throw invalid(`The CryptoKey is not a key for ${spec.alg}`);
  if (!key.usages.includes('sign') && !key.usages.includes('verify')) throw invalid('The CryptoKey may neither sign nor verify');
  if (spec.kty !== 'oct') return false;
  const bits = (key.algorithm as HmacKeyAlgorithm).length;
  return checkSecretLength(Math.floor(bits / 8), spec, options.allowShortSecretForVerifyOnly === true);
}

function checkArguments(alg: Algorithm, options: ImportKeyOptions | undefined): AlgorithmSpec {
  const spec = algorithmSpec(alg);
  if (spec === undefined) throw new JwtError('ERR_INVALID_ARGUMENT', `Unsupported algorithm: ${describeValue(alg)}`);
  checkOptions(options, IMPORT_KEY_SCHEMA);
  return spec;
}

/**
 * Imports key material for one algorithm. The result signs and verifies with that algorithm only.
 *
 * - HMAC (`HS*`): a string (UTF-8) or bytes, at least as long as the hash output (32, 48 or 64 bytes);
 *   an `oct` JWK; or an HMAC `CryptoKey` with the same hash. PEM text, JSON text and empty secrets are
 *   refused.
 * - RSA, RSA-PSS, ECDSA, EdDSA: PEM (`PUBLIC KEY`, `PRIVATE KEY`, or a `CERTIFICATE` whose key is used),
 *   a JWK object, or a `CryptoKey` made for the same algorithm. RSA keys under 2048 bits, with an even
 *   or unit public exponent, or with the ROCA fingerprint are refused.
 *
 * @param material - The key material.
 * @param alg - The algorithm the key is for; never taken from the material.
 * @param options - `kid`, `extractable`, `allowShortSecretForVerifyOnly`.
 * @returns A frozen {@link JwtKey} bound to `alg`: `secret`, `public` or `private`.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for unusable material (messages never contain the material),
 *   `ERR_INVALID_ARGUMENT` for an unknown `alg`, an unknown option name or an option of the wrong type.
 *
 * @example
 * ```ts
 * const hmac = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const rsa = await importKey(publicKeyPem, 'RS256', { kid: '2026-01' });
 * const ec = await importKey({ kty: 'EC', crv: 'P-256', x, y }, 'ES256');
 * ```
 *
 * @category Keys
 */
export async function importKey(material: KeyMaterial, alg: Algorithm, options: ImportKeyOptions = {}): Promise<JwtKey> {
  const spec = checkArguments(alg, options);
  const jwkKid = isPlainObject(material) && typeof material.kid === 'string' ? material.kid : undefined;
  const kid = options.kid ?? jwkKid;

  if (isCryptoKey(material)) {
    const weak = checkCryptoKey(material, spec, options);
    if (spec.kty === 'RSA') await checkRsaKey(material);
    return makeKey({ alg: spec.alg, type: material.type as JwtKey['type'], cryptoKey: material, kid, weak });
  }
  if (spec.kty === 'oct') return importSecret(secretBytes(material, spec), spec, options, kid);
  const { cryptoKey, modulus } = await importAsymmetric(material, spec, options);
  if (spec.kty === 'RSA') await checkRsaKey(cryptoKey, modulus);
  return makeKey({ alg: spec.alg, type: cryptoKey.type as JwtKey['type'], cryptoKey, kid });
}
