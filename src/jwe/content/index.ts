/**
 * Content encryption, whichever `enc`: the one entry the JWE encrypt and decrypt paths use. A CEK
 * is prepared by the family of its `enc` table row (AES-GCM or AES-CBC-HMAC); the checks the
 * families share are made here, once.
 *
 * @module
 */
import { invalidArgument, keyInvalid } from '../../lib/jwt-errors.js';
import type { ContentEncryptionAlgorithm, ContentEncryptionSpec } from '../algorithms.js';
import { contentEncryptionSpec } from '../algorithms.js';
import { type JweKey, jweKeyMaterial } from '../key.js';
import { randomBytes, subtle } from '../subtle.js';
import { prepareCbcHmac } from './cbc-hmac.js';
import type { ContentKey, ContentOperations, EncryptedContent } from './content-key.js';
import { encryptionFailed, requireCekLength, requireLength } from './failure.js';
import { prepareGcm } from './gcm.js';

export type { ContentKey, EncryptedContent } from './content-key.js';

interface Prepared {
  readonly spec: ContentEncryptionSpec;
  readonly operations: ContentOperations;
}

// Outside the key object, so a logged key shows only its `enc`, and a hand-made object is refused.
const PREPARED = new WeakMap<ContentKey, Prepared>();

/** @internal The `enc` row; `ERR_INVALID_ARGUMENT` for an unknown `enc`. */
export function contentSpecOf(enc: unknown): ContentEncryptionSpec {
  const spec = contentEncryptionSpec(enc);
  if (!spec) throw invalidArgument(`Unknown content encryption algorithm ${String(enc)}`);
  return spec;
}

function prepared(key: ContentKey): Prepared {
  const found = PREPARED.get(key);
  if (!found) throw invalidArgument('Not a content encryption key prepared by prepareContentKey');
  return found;
}

/**
 * @internal Makes `cek` ready for `enc` (imports its Web Crypto keys once). `ERR_KEY_INVALID`
 * unless `cek` has exactly the `enc`'s length, or when the runtime refuses the key (AES-192 in
 * Chromium).
 */
export async function prepareContentKey(enc: ContentEncryptionAlgorithm, cek: Uint8Array): Promise<ContentKey> {
  const spec = contentSpecOf(enc);
  requireCekLength(spec, cek);
  const operations = await (spec.family === 'gcm' ? prepareGcm : prepareCbcHmac)(spec, cek);
  const key: ContentKey = Object.freeze({ enc: spec.enc });
  PREPARED.set(key, { spec, operations });
  return key;
}

/** @internal Encrypts `plaintext` under a fresh random IV, authenticating `aad` with it. */
export async function encryptContent(key: ContentKey, plaintext: Uint8Array, aad: Uint8Array): Promise<EncryptedContent> {
  const { spec, operations } = prepared(key);
  // Outside the try: a runtime without Web Crypto is a runtime gap, said as such.
  subtle();
  const iv = randomBytes(spec.ivBytes);
  try {
    return { iv, ...(await operations.encrypt(iv, plaintext, aad)) };
  } catch (cause) {
    throw encryptionFailed(spec.enc, cause);
  }
}

/**
 * @internal Decrypts and authenticates. `ERR_JWT_MALFORMED` for an IV or tag of the wrong length;
 * `ERR_JWE_DECRYPTION_FAILED`, with one message, for everything else.
 */
export async function decryptContent(key: ContentKey, content: EncryptedContent, aad: Uint8Array): Promise<Uint8Array> {
  const { spec, operations } = prepared(key);
  requireLength('initialization vector', content.iv, spec.ivBytes, spec.enc);
  requireLength('authentication tag', content.tag, spec.tagBytes, spec.enc);
  subtle(); // as for encryption: never reported as a decryption failure
  return operations.decrypt(content, aad);
}

/** @internal The prepared CEK a `dir` key holds; `ERR_KEY_INVALID` for any other key. */
export function contentKeyOf(key: JweKey): ContentKey {
  const material = jweKeyMaterial(key);
  if (material?.kind !== 'content') throw keyInvalid('The dir key holds no content encryption key');
  return material.content;
}

/** @internal A fresh random CEK of the length `enc` needs. */
export function randomCek(enc: ContentEncryptionAlgorithm): Uint8Array {
  return randomBytes(contentSpecOf(enc).cekBytes);
}
