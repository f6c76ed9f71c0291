/**
 * Content encryption, whichever `enc`: the one entry the JWE encrypt and decrypt paths use. Each
 * call goes to the cipher of the `enc` table row's family (AES-GCM or AES-CBC-HMAC).
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import type { ContentEncryptionAlgorithm, ContentEncryptionSpec } from '../algorithms.js';
import { contentEncryptionSpec } from '../algorithms.js';
import { randomBytes } from '../subtle.js';
import { cbcHmacCipher } from './cbc-hmac.js';
import type { ContentCipher, ContentKey, EncryptedContent } from './content-key.js';
import { gcmCipher } from './gcm.js';

export type { ContentKey, EncryptedContent } from './content-key.js';

const CIPHERS: Readonly<Record<ContentEncryptionSpec['family'], ContentCipher>> = {
  gcm: gcmCipher,
  'cbc-hmac': cbcHmacCipher,
};

function specOf(enc: unknown): ContentEncryptionSpec {
  const spec = contentEncryptionSpec(enc);
  if (!spec) throw new JwtError('ERR_INVALID_ARGUMENT', `Unknown content encryption algorithm ${String(enc)}`);
  return spec;
}

function cipherOf(enc: unknown): ContentCipher {
  return CIPHERS[specOf(enc).family];
}

/**
 * @internal Makes `cek` ready for `enc` (imports its Web Crypto keys once). `ERR_KEY_INVALID`
 * unless `cek` has exactly the `enc`'s length, or when the runtime refuses the key (AES-192 in
 * Chromium).
 */
export async function prepareContentKey(enc: ContentEncryptionAlgorithm, cek: Uint8Array): Promise<ContentKey> {
  return cipherOf(enc).prepare(enc, cek);
}

/** @internal Encrypts `plaintext` under a fresh random IV, authenticating `aad` with it. */
export async function encryptContent(
  key: ContentKey,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<EncryptedContent> {
  return cipherOf(key.enc).encrypt(key, plaintext, aad);
}

/**
 * @internal Decrypts and authenticates. `ERR_JWT_MALFORMED` for an IV or tag of the wrong length;
 * `ERR_JWE_DECRYPTION_FAILED`, with one message, for everything else.
 */
export async function decryptContent(key: ContentKey, content: EncryptedContent, aad: Uint8Array): Promise<Uint8Array> {
  return cipherOf(key.enc).decrypt(key, content, aad);
}

/** @internal A fresh random CEK of the length `enc` needs. */
export function randomCek(enc: ContentEncryptionAlgorithm): Uint8Array {
  return randomBytes(specOf(enc).cekBytes);
}
