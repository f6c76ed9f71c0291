/**
 * The secret key family: `dir` (the key is the CEK), AES key wrap, AES-GCM key wrap and PBES2
 * passwords. Secrets come as bytes or an `oct` JWK; a string is accepted only as a PBES2 password,
 * since for every other `alg` it is ambiguous (text? base64? hex?) and a guess would weaken the key.
 *
 * @module
 */
import { invalidArgument, keyInvalid } from '../../lib/jwt-errors.js';
import { decodeBase64url, encodeBase64url } from '../../lib/base64url.js';
import { isBytes } from '../../lib/bytes.js';
import { isPlainObject } from '../../lib/json.js';
import { utf8 } from '../../lib/utf8.js';
import type { Jwk } from '../../lib/web-types.js';
import type { KeyMaterial } from '../../keys/import.js';
import type { ContentEncryptionAlgorithm, KeyManagementSpec } from '../algorithms.js';
import { contentSpecOf, prepareContentKey } from '../content/index.js';
import type { JweKeyMaterial } from '../key.js';
import { bufferSource, noAes192, randomBytes, subtle } from '../subtle.js';
import type { FamilyImportOptions, ImportedJweKey, SecretKeyFamily } from './family-keys.js';
import { checkJweJwk } from './jwe-jwk.js';

/** A generated PBES2 password: 256 random bits, as strong as the strongest KEK it derives. */
const GENERATED_PASSWORD_BYTES = 32;

/** What each secret family imports its bytes as, and what `key_ops` must allow. */
interface SecretKind {
  readonly operations: readonly string[];
  readonly webCrypto?: { readonly algorithm: string; readonly usages: readonly KeyUsage[] };
}

const KINDS: Readonly<Record<string, SecretKind>> = {
  dir: { operations: ['encrypt', 'decrypt'] },
  'aes-kw': { operations: ['wrapKey', 'unwrapKey'], webCrypto: { algorithm: 'AES-KW', usages: ['wrapKey', 'unwrapKey'] } },
  'aes-gcm-kw': { operations: ['wrapKey', 'unwrapKey'], webCrypto: { algorithm: 'AES-GCM', usages: ['encrypt', 'decrypt'] } },
  pbes2: { operations: ['deriveKey', 'deriveBits'], webCrypto: { algorithm: 'PBKDF2', usages: ['deriveBits'] } },
};

function kindOf(spec: KeyManagementSpec): SecretKind {
  const kind = Object.hasOwn(KINDS, spec.family) ? KINDS[spec.family] : undefined;
  if (kind === undefined) throw keyInvalid(`${spec.alg} does not use a secret key`);
  return kind;
}

/** The exact secret length `spec` needs with `enc`; `undefined` for a PBES2 password (any non-empty length). */
function requiredBytes(spec: KeyManagementSpec, enc: ContentEncryptionAlgorithm): number | undefined {
  if (spec.family === 'pbes2') return undefined;
  if (spec.family === 'dir') return contentSpecOf(enc).cekBytes;
  return spec.kekBytes;
}

function jwkSecret(jwk: Jwk, spec: KeyManagementSpec, enc: ContentEncryptionAlgorithm): Uint8Array {
  if (jwk.kty !== 'oct') throw keyInvalid(`The JWK for ${spec.alg} must have kty "oct"`);
  // A dir key's JWK may name the content algorithm it is the key of (RFC 7520 section 5.6 does).
  checkJweJwk(jwk, spec.family === 'dir' ? [spec.alg, enc] : [spec.alg], kindOf(spec).operations);
  const bytes = typeof jwk.k === 'string' ? decodeBase64url(jwk.k) : undefined;
  if (bytes === undefined) throw keyInvalid('The oct JWK has no valid "k" (base64url)');
  return bytes;
}

function secretBytes(material: KeyMaterial, spec: KeyManagementSpec, enc: ContentEncryptionAlgorithm): Uint8Array {
  if (typeof material === 'string') {
    if (spec.family === 'pbes2') return utf8(material);
    throw keyInvalid(
      `A string is ambiguous as key material for ${spec.alg}: pass the secret's bytes (Uint8Array) or an oct JWK (object with "k" in base64url)`,
    );
  }
  if (isBytes(material)) return material.slice();
  if (isPlainObject(material)) return jwkSecret(material as Jwk, spec, enc);
  if (typeof material === 'object' && material !== null) {
    throw keyInvalid(`Key material for ${spec.alg} must be bytes (Uint8Array) or an oct JWK${spec.family === 'pbes2' ? ', or a password string' : ''}`);
  }
  throw invalidArgument('The key material must be bytes, an oct JWK or, for PBES2, a password string');
}

async function importSecret(
  spec: KeyManagementSpec,
  enc: ContentEncryptionAlgorithm,
  secret: Uint8Array,
  options: FamilyImportOptions,
): Promise<ImportedJweKey> {
  const required = requiredBytes(spec, enc);
  if (required === undefined ? secret.length === 0 : secret.length !== required) {
    throw keyInvalid(
      required === undefined
        ? `${spec.alg} needs a non-empty password`
        : `${spec.family === 'dir' ? `dir with ${enc}` : spec.alg} needs a key of exactly ${required} bytes (${required * 8} bits)`,
    );
  }
  const kept = options.extractable ? { secret } : {};
  const webCrypto = kindOf(spec).webCrypto;
  if (webCrypto === undefined) {
    return { type: 'secret', material: { kind: 'content', content: await prepareContentKey(enc, secret), ...kept } };
  }
  // Web Crypto never exports a PBKDF2 key: the password itself is kept when it may be exported.
  const pbkdf2 = spec.family === 'pbes2';
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await subtle().importKey('raw', bufferSource(secret), webCrypto.algorithm, !pbkdf2 && options.extractable, [
      ...webCrypto.usages,
    ]);
  } catch (cause) {
    if (!pbkdf2 && secret.length === 24) throw noAes192(spec.alg, cause);
    throw keyInvalid(`The key cannot be imported for ${spec.alg} in this runtime`, { cause });
  }
  return { type: 'secret', material: { kind: 'crypto', cryptoKey, ...(pbkdf2 ? kept : {}) } };
}

async function exportSecret(material: JweKeyMaterial): Promise<Uint8Array> {
  if (material.secret !== undefined) return material.secret;
  if (material.kind === 'crypto' && material.cryptoKey.extractable && material.cryptoKey.type === 'secret') {
    return new Uint8Array(await subtle().exportKey('raw', material.cryptoKey));
  }
  throw keyInvalid('The key cannot be exported: import or generate it with extractable: true');
}

/**
 * @internal `dir`, `A*KW`, `A*GCMKW` and `PBES2-*` keys: import (exact lengths, `oct` JWKs checked
 * against the `alg`), generation and export as an `oct` JWK.
 */
export const secretKeys: SecretKeyFamily = {
  async importMaterial(spec, enc, material, options) {
    kindOf(spec);
    return importSecret(spec, enc, secretBytes(material, spec, enc), options);
  },

  async generate(spec, enc, options) {
    kindOf(spec);
    return importSecret(spec, enc, randomBytes(requiredBytes(spec, enc) ?? GENERATED_PASSWORD_BYTES), options);
  },

  async exportJwk(spec, _key, material) {
    kindOf(spec);
    return { kty: 'oct', k: encodeBase64url(await exportSecret(material)) };
  },
};
