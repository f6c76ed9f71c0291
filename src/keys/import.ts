/**
 * `importKey`: a key bound to the algorithm the caller names, from a secret, PEM, JWK or CryptoKey.
 * The material's encoding is recognised only within the algorithm's family; the algorithm itself is
 * never guessed, and material of another family is refused (a PEM or JWK text is never an HMAC secret).
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { type Algorithm, type AlgorithmSpec, algorithmSpec, MIN_RSA_BITS } from '../lib/algorithms.js';
import { decodeBase64url } from '../lib/base64url.js';
import { isBytes } from '../lib/bytes.js';
import { importCryptoKey } from '../lib/crypto.js';
import { spkiFromCertificate } from '../lib/der.js';
import { isPlainObject } from '../lib/json.js';
import { utf8 } from '../lib/utf8.js';
import { cryptoKeyAlgorithm, isCryptoKey } from './crypto-key.js';
import { checkJwk, webCryptoJwk } from './jwk.js';
import { type JwtKey, makeKey } from './key.js';
import { decodePem, looksLikePem } from './pem.js';

/** Options of {@link importKey}. */
export interface ImportKeyOptions {
  /** Key ID, written to the `kid` header when signing. Defaults to the JWK's `kid`. */
  kid?: string;
  /** Whether the key can be exported again. Public keys always can. Default `false`. */
  extractable?: boolean;
  /**
   * DANGER: accept an HMAC secret shorter than RFC 7518 section 3.2 requires, to verify legacy tokens.
   * The key gets `weak: true` and can only verify, never sign.
   */
  allowShortSecretForVerifyOnly?: boolean;
}

/** Key material {@link importKey} accepts. */
export type KeyMaterial = string | Uint8Array | JsonWebKey | CryptoKey;

const invalid = (why: string, cause?: unknown) => new JwtError('ERR_KEY_INVALID', why, { cause });

async function importSecret(secret: Uint8Array, spec: AlgorithmSpec, options: ImportKeyOptions): Promise<JwtKey> {
  if (secret.length === 0) throw invalid('An HMAC secret must not be empty');
  const weak = secret.length < spec.minSecretBytes!;
  if (weak && options.allowShortSecretForVerifyOnly !== true) {
    throw invalid(`An ${spec.alg} secret must be at least ${spec.minSecretBytes} bytes (RFC 7518 section 3.2)`);
  }
  const cryptoKey = await importCryptoKey(spec, 'raw', secret, weak ? ['verify'] : ['sign', 'verify'], options.extractable === true);
  return makeKey({ alg: spec.alg, type: 'secret', cryptoKey, kid: options.kid, weak });
}

function secretBytes(material: KeyMaterial, spec: AlgorithmSpec): Uint8Array {
  if (typeof material === 'string') {
    const trimmed = material.trim();
    if (looksLikePem(trimmed)) throw invalid(`A PEM key is not an ${spec.alg} secret; use the algorithm the key is for`);
    if (trimmed.startsWith('{')) throw invalid(`JSON text is not an ${spec.alg} secret; pass a JWK as an object`);
    return utf8(material);
  }
  if (isBytes(material)) return material.slice();
  if (isPlainObject(material)) {
    checkJwk(material, spec);
    const bytes = typeof material.k === 'string' ? decodeBase64url(material.k) : undefined;
    if (bytes === undefined) throw invalid('The oct JWK has no valid "k"');
    return bytes;
  }
  throw invalid(`An ${spec.alg} secret must be a string, bytes or an oct JWK`);
}

async function importPem(pem: string, spec: AlgorithmSpec, options: ImportKeyOptions): Promise<CryptoKey> {
  const { label, der } = decodePem(pem);
  switch (label) {
    case 'PUBLIC KEY':
      return importCryptoKey(spec, 'spki', der, ['verify'], true);
    case 'PRIVATE KEY':
      return importCryptoKey(spec, 'pkcs8', der, ['sign'], options.extractable === true);
    case 'CERTIFICATE': {
      const spki = spkiFromCertificate(der);
      if (spki === undefined) throw invalid('The certificate cannot be parsed');
      return importCryptoKey(spec, 'spki', spki, ['verify'], true);
    }
    case 'RSA PUBLIC KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      throw invalid(`PEM "${label}" is a legacy format; convert it to SPKI or PKCS#8 (openssl pkey)`);
    default:
      throw invalid('Unsupported PEM label');
  }
}

async function importAsymmetric(material: KeyMaterial, spec: AlgorithmSpec, options: ImportKeyOptions): Promise<CryptoKey> {
  if (typeof material === 'string') {
    if (!looksLikePem(material)) throw invalid(`An ${spec.alg} key given as a string must be PEM`);
    return importPem(material, spec, options);
  }
  if (isPlainObject(material)) {
    const isPrivate = checkJwk(material, spec);
    const extractable = isPrivate ? options.extractable === true : true;
    return importCryptoKey(spec, 'jwk', webCryptoJwk(material), [isPrivate ? 'sign' : 'verify'], extractable);
  }
  throw invalid(`An ${spec.alg} key must be PEM text, a JWK object or a CryptoKey`);
}

function checkCryptoKey(key: CryptoKey, spec: AlgorithmSpec): void {
  const bound = cryptoKeyAlgorithm(key);
  const sameScheme = bound === spec.alg || (bound === 'EdDSA' && spec.alg === 'Ed25519');
  if (!sameScheme) throw invalid(`The CryptoKey is not a key for ${spec.alg}`);
  if (!key.usages.includes(key.type === 'public' ? 'verify' : 'sign') && !key.usages.includes('verify')) {
    throw invalid('The CryptoKey may neither sign nor verify');
  }
}

function checkStrength(key: CryptoKey, spec: AlgorithmSpec): void {
  if (spec.kty !== 'RSA') return;
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (!(bits >= MIN_RSA_BITS)) throw invalid(`RSA keys must be at least ${MIN_RSA_BITS} bits`);
}

/**
 * Imports key material for one algorithm. The result signs and verifies with that algorithm only.
 *
 * - HMAC (`HS*`): a string (UTF-8) or bytes, at least as long as the hash output; or an `oct` JWK.
 *   PEM text, JSON text and empty strings are refused.
 * - RSA, RSA-PSS, ECDSA, EdDSA: PEM (`PUBLIC KEY`, `PRIVATE KEY`, `CERTIFICATE`), a JWK object,
 *   or a `CryptoKey`. RSA keys under 2048 bits are refused.
 *
 * @param material - The key material.
 * @param alg - The algorithm the key is for; never taken from the material.
 * @param options - `kid`, `extractable`, `allowShortSecretForVerifyOnly`.
 * @returns A frozen {@link JwtKey} bound to `alg`.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for unusable material, `ERR_INVALID_ARGUMENT` for an unknown `alg`.
 *
 * @example
 * ```ts
 * const hmac = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const rsa = await importKey(publicKeyPem, 'RS256', { kid: '2026-01' });
 * const ec = await importKey({ kty: 'EC', crv: 'P-256', x, y }, 'ES256');
 * ```
 */
export async function importKey(material: KeyMaterial, alg: Algorithm, options: ImportKeyOptions = {}): Promise<JwtKey> {
  const spec = algorithmSpec(alg);
  if (spec === undefined) throw new JwtError('ERR_INVALID_ARGUMENT', `Unsupported algorithm: ${String(alg)}`);
  if (typeof options !== 'object' || options === null) throw new JwtError('ERR_INVALID_ARGUMENT', 'options must be an object');
  if (options.kid !== undefined && typeof options.kid !== 'string') throw new JwtError('ERR_INVALID_ARGUMENT', 'kid must be a string');
  const jwkKid = isPlainObject(material) && typeof material.kid === 'string' ? material.kid : undefined;
  const kid = options.kid ?? jwkKid;

  if (isCryptoKey(material)) {
    checkCryptoKey(material, spec);
    checkStrength(material, spec);
    const type = material.type as JwtKey['type'];
    if (type === 'secret' && material.algorithm.name !== 'HMAC') throw invalid('Unexpected secret CryptoKey');
    return makeKey({ alg: spec.alg, type, cryptoKey: material, kid });
  }
  if (spec.kty === 'oct') return importSecret(secretBytes(material, spec), spec, { ...options, kid });
  const cryptoKey = await importAsymmetric(material, spec, options);
  checkStrength(cryptoKey, spec);
  return makeKey({ alg: spec.alg, type: cryptoKey.type as JwtKey['type'], cryptoKey, kid });
}
