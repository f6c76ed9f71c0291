/**
 * Importing the halves of a content encryption key: the AES key (AES-GCM, AES-CBC) and the MAC key
 * of CBC-HMAC, with one message for a refusal. The AES case minds one runtime gap: Chromium's Web
 * Crypto refuses 192-bit AES keys, and a caller deserves to hear that rather than a browser's
 * exception.
 *
 * @module
 */
import { keyInvalid } from '../../lib/jwt-errors.js';
import type { ContentEncryptionAlgorithm } from '../algorithms.js';
import { bufferSource, noAes192, subtle } from '../subtle.js';

/**
 * @internal Imports `bytes` as a non-extractable key for `enc`: AES-GCM or AES-CBC (to encrypt and
 * decrypt), or HMAC (to sign). Any refusal is `ERR_KEY_INVALID`; for a 192-bit AES key, one that
 * says this runtime has no AES-192.
 */
export async function importContentKey(
  algorithm: { name: 'AES-GCM' | 'AES-CBC' } | { name: 'HMAC'; hash: string },
  bytes: Uint8Array,
  enc: ContentEncryptionAlgorithm,
): Promise<CryptoKey> {
  const aes = algorithm.name !== 'HMAC';
  const provider = subtle(); // outside the try: no Web Crypto at all is ERR_INVALID_ARGUMENT, not a key fault
  try {
    return await provider.importKey('raw', bufferSource(bytes), algorithm, false, aes ? ['encrypt', 'decrypt'] : ['sign']);
  } catch (cause) {
    if (aes && bytes.length === 24) throw noAes192(enc, cause);
    throw keyInvalid(`The content encryption key cannot be imported for ${enc}`, { cause });
  }
}
