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
 * @internal What a family makes of one CEK: its Web Crypto keys imported once (by `prepareGcm`
 * or `prepareCbcHmac`), bound to the two operations. `index.ts` checks everything the families
 * share before it calls them: the CEK's length, the key's origin, the IV and tag lengths, and
 * that Web Crypto is there.
 *
 * - `encrypt` encrypts under the `iv` it is given (fresh and random, of the table's length); a
 *   provider failure is rethrown, for `index.ts` to report.
 * - `decrypt` throws `ERR_JWT_MALFORMED` for what the token shows by itself, and
 *   `ERR_JWE_DECRYPTION_FAILED` for every other failure, whichever step failed (CBC-HMAC checks
 *   the tag in constant time before it decrypts).
 */
export interface ContentOperations {
  encrypt(iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<{ readonly ciphertext: Uint8Array; readonly tag: Uint8Array }>;
  decrypt(content: EncryptedContent, aad: Uint8Array): Promise<Uint8Array>;
}
