/**
 * The contract of content encryption (RFC 7518 section 5): a content encryption key (CEK)
 * prepared once for its `enc`, then used to encrypt or decrypt one message's plaintext.
 * Implemented by `gcm.ts` and `cbc-hmac.ts`; `index.ts` picks one by the `enc` table's family.
 *
 * @module
 */
import type { ContentEncryptionAlgorithm } from '../algorithms.js';

/**
 * @internal A CEK made ready for one `enc`: the Web Crypto keys it needs are imported once
 * (AES-GCM; or AES-CBC plus HMAC, from the two halves of a CBC-HMAC key).
 */
export interface ContentKey {
  readonly enc: ContentEncryptionAlgorithm;
}

/** @internal The parts of a JWE that content encryption produces. */
export interface EncryptedContent {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/**
 * @internal What every content encryption family provides.
 *
 * - `prepare` throws `ERR_KEY_INVALID` when `cek` is not exactly the `enc`'s `cekBytes`.
 * - `encrypt` makes a fresh random IV per call.
 * - `decrypt` throws `ERR_JWT_MALFORMED` for an IV or tag of the wrong length (visible in the token,
 *   so no oracle), and `ERR_JWE_DECRYPTION_FAILED` for every other failure, whichever step failed
 *   (CBC-HMAC checks the tag in constant time before it decrypts).
 */
export interface ContentCipher {
  prepare(enc: ContentEncryptionAlgorithm, cek: Uint8Array): Promise<ContentKey>;
  encrypt(key: ContentKey, plaintext: Uint8Array, aad: Uint8Array): Promise<EncryptedContent>;
  decrypt(key: ContentKey, content: EncryptedContent, aad: Uint8Array): Promise<Uint8Array>;
}
