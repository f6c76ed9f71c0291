/**
 * The asymmetric JWE key family: RSA-OAEP keys (at least 2048 bits) and ECDH-ES keys on P-256,
 * P-384, P-521 or X25519, from PEM (SPKI, PKCS#8 or a certificate), a JWK or a `CryptoKey`; new
 * key pairs; JWK export. A public key only encrypts and a private key only decrypts: the Web Crypto
 * usages are set that way, and the key's `type` says which it is.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { invalidArgument, keyInvalid } from '../../lib/jwt-errors.js';
import { isCryptoKey } from '../../keys/crypto-key.js';
import type { KeyMaterial } from '../../keys/import.js';
import { jwkModulus, webCryptoJwk } from '../../keys/jwk.js';
import { decodePemKey, looksLikePem } from '../../keys/pem.js';
import { checkRsaKey } from '../../keys/strength.js';
import { MIN_RSA_BITS } from '../../lib/algorithms.js';
import { isBytes } from '../../lib/bytes.js';
import { rsaModulusFromPkcs8 } from '../../lib/der.js';
import { isPlainObject } from '../../lib/json.js';
import { exportCryptoKeyJwk } from '../../lib/webcrypto.js';
import type { Jwk } from '../../lib/web-types.js';
import type { KeyManagementSpec } from '../algorithms.js';
import { curveOfCryptoKey, ecdhCurve } from '../key-management/ecdh-curves.js';
import { subtle } from '../subtle.js';
import { type AsymmetricKind, checkEncryptionJwk } from './encryption-jwk.js';
import type { AsymmetricKeyFamily, ImportedJweKey } from './family-keys.js';
import { curveOfKeyInfo } from './key-info-curve.js';

// JwtError leaves an undefined cause out.
const invalid = (why: string, cause?: unknown) => keyInvalid(why, { cause });

function familyOf(spec: KeyManagementSpec): 'rsa' | 'ecdh' {
  if (spec.family === 'rsa-oaep') return 'rsa';
  if (spec.family === 'ecdh-es' || spec.family === 'ecdh-es-kw') return 'ecdh';
  throw invalidArgument(`${spec.alg} does not use an asymmetric key`);
}

function params(spec: KeyManagementSpec, kind: AsymmetricKind): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  return kind.kind === 'rsa' ? { name: 'RSA-OAEP', hash: spec.hash! } : kind.curve.params;
}

// A public key encrypts (RSA) or is agreed with (ECDH, no usage of its own); a private key decrypts.
function usages(kind: AsymmetricKind, type: 'public' | 'private'): KeyUsage[] {
  if (kind.kind === 'rsa') return [type === 'public' ? 'encrypt' : 'decrypt'];
  return type === 'public' ? [] : ['deriveBits'];
}

function imported(cryptoKey: CryptoKey): ImportedJweKey {
  return { type: cryptoKey.type as 'public' | 'private', material: { kind: 'crypto', cryptoKey } };
}

/** Imports SPKI (public), PKCS#8 (private) or a JWK (either) as a `kind` key with the usages of its `type`. */
async function importWith(
  spec: KeyManagementSpec,
  kind: AsymmetricKind,
  type: 'public' | 'private',
  data: Uint8Array | JsonWebKey,
  extractable: boolean,
): Promise<CryptoKey> {
  try {
    // One call for every format (the casts only pick an overload): JWKs go as they are, bytes as they are.
    const format = !isBytes(data) ? 'jwk' : type === 'public' ? 'spki' : 'pkcs8';
    return await subtle().importKey(format as 'raw', data as Uint8Array<ArrayBuffer>, params(spec, kind), extractable, usages(kind, type));
  } catch (cause) {
    throw invalid(`The key material cannot be imported for ${spec.alg}`, cause);
  }
}

/** The kind of key `der` must hold for `spec`: for ECDH, its curve comes from the DER itself. */
function kindOfDer(spec: KeyManagementSpec, der: Uint8Array, format: 'spki' | 'pkcs8'): AsymmetricKind {
  if (familyOf(spec) === 'rsa') return { kind: 'rsa' };
  const curve = ecdhCurve(curveOfKeyInfo(der, format));
  if (curve === undefined) throw invalid(`The PEM key is not an EC P-256, P-384, P-521 or X25519 key, which ${spec.alg} needs`);
  return { kind: 'ecdh', curve };
}

async function importPem(spec: KeyManagementSpec, pem: string, extractable: boolean): Promise<ImportedJweKey> {
  const { format, der } = decodePemKey(pem);
  const kind = kindOfDer(spec, der, format);
  const type = format === 'spki' ? 'public' : 'private';
  const cryptoKey = await importWith(spec, kind, type, der, type === 'public' || extractable);
  if (kind.kind === 'rsa') await checkRsaKey(cryptoKey, type === 'private' ? rsaModulusFromPkcs8(der) : undefined);
  return imported(cryptoKey);
}

async function importJwk(spec: KeyManagementSpec, jwk: Jwk, extractable: boolean): Promise<ImportedJweKey> {
  const { kind, type } = checkEncryptionJwk(jwk, spec, familyOf(spec));
  const cryptoKey = await importWith(spec, kind, type, webCryptoJwk(jwk as JsonWebKey), type === 'public' || extractable);
  if (kind.kind === 'rsa') await checkRsaKey(cryptoKey, jwkModulus(jwk as JsonWebKey));
  return imported(cryptoKey);
}

async function checkCryptoKey(spec: KeyManagementSpec, key: CryptoKey): Promise<ImportedJweKey> {
  if (key.type !== 'public' && key.type !== 'private') throw invalid(`A secret CryptoKey is not a key for ${spec.alg}`);
  if (familyOf(spec) === 'rsa') {
    const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
    if (algorithm.name !== 'RSA-OAEP' || algorithm.hash?.name !== spec.hash) {
      throw invalid(`The CryptoKey is not an RSA-OAEP key with ${spec.hash} for ${spec.alg}`);
    }
    const needed = key.type === 'public' ? 'encrypt' : 'decrypt';
    if (!key.usages.includes(needed)) throw invalid(`The ${key.type} CryptoKey may not ${needed}`);
    await checkRsaKey(key);
  } else {
    if (curveOfCryptoKey(key) === undefined) {
      throw invalid(`The CryptoKey is not an ECDH key on P-256, P-384, P-521 or X25519 for ${spec.alg}`);
    }
    if (key.type === 'private' && !key.usages.includes('deriveBits')) throw invalid('The private CryptoKey may not deriveBits');
  }
  return imported(key);
}

/** @internal RSA-OAEP and ECDH-ES keys (see the module comment). */
export const asymmetricKeys: AsymmetricKeyFamily = {
  async importMaterial(spec, _enc, material: KeyMaterial, options) {
    familyOf(spec);
    if (isCryptoKey(material)) return checkCryptoKey(spec, material);
    if (typeof material === 'string') {
      if (!looksLikePem(material)) throw invalid(`An ${spec.alg} key given as a string must be PEM`);
      return importPem(spec, material, options.extractable);
    }
    if (isPlainObject(material)) return importJwk(spec, material as Jwk, options.extractable);
    throw invalid(`An ${spec.alg} key must be PEM text, a JWK object or a CryptoKey, never bytes`);
  },

  async generatePair(spec, _enc, options) {
    let kind: AsymmetricKind;
    let extra: Record<string, unknown> = {};
    if (familyOf(spec) === 'rsa') {
      if (options.crv !== undefined) throw invalidArgument(`${spec.alg} keys have no curve (crv)`);
      const { modulusLength = MIN_RSA_BITS } = options;
      if (!Number.isSafeInteger(modulusLength) || modulusLength < MIN_RSA_BITS) {
        throw invalid(`RSA keys must be at least ${MIN_RSA_BITS} bits`);
      }
      kind = { kind: 'rsa' };
      extra = { modulusLength, publicExponent: new Uint8Array([1, 0, 1]) };
    } else {
      if (options.modulusLength !== undefined) throw invalidArgument(`${spec.alg} keys have no modulusLength`);
      const curve = ecdhCurve(options.crv ?? 'P-256');
      if (curve === undefined) throw invalidArgument(`${spec.alg} keys are on P-256, P-384, P-521 or X25519`);
      kind = { kind: 'ecdh', curve };
    }
    let pair: CryptoKeyPair;
    try {
      const all: KeyUsage[] = [...usages(kind, 'public'), ...usages(kind, 'private')];
      const algorithm = { ...params(spec, kind), ...extra } as RsaHashedKeyGenParams;
      pair = (await subtle().generateKey(algorithm, options.extractable, all)) as CryptoKeyPair;
    } catch (cause) {
      throw invalid(`A key pair for ${spec.alg} cannot be generated in this runtime`, cause);
    }
    return { publicKey: imported(pair.publicKey), privateKey: imported(pair.privateKey) };
  },

  async exportJwk(spec, _key, material) {
    if (material.kind !== 'crypto') throw invalidArgument(`The key is not a key for ${spec.alg}`);
    // ERR_KEY_INVALID, "The key cannot be exported (is it extractable?)", as for JWS keys.
    return (await exportCryptoKeyJwk(material.cryptoKey)) as Jwk;
  },
};
