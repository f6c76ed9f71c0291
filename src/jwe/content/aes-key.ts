/**
 * Importing the AES half of a content encryption key. Kept apart because of one runtime gap:
 * Chromium's Web Crypto refuses 192-bit AES keys, and a caller deserves to hear that rather than
 * a browser's exception.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import type { ContentEncryptionAlgorithm } from '../algorithms.js';
import { bufferSource, noAes192, subtle } from '../subtle.js';

/**
 * @internal Imports `bytes` as a non-extractable AES-GCM or AES-CBC key for `enc`. Any refusal is
 * `ERR_KEY_INVALID`; for a 192-bit key, one that says this runtime has no AES-192.
 */
export async function importAesKey(
  name: 'AES-GCM' | 'AES-CBC',
  bytes: Uint8Array,
  enc: ContentEncryptionAlgorithm,
): Promise<CryptoKey> {
  const provider = subtle();
  try {
    return await provider.importKey('raw', bufferSource(bytes), { name }, false, ['encrypt', 'decrypt']);
  } catch (cause) {
    if (bytes.length === 24) throw noAes192(enc, cause);
    throw new JwtError('ERR_KEY_INVALID', `The content encryption key cannot be imported for ${enc}`, { cause });
  }
}
