/**
 * AES-GCM content encryption (RFC 7518 section 5.3): A128GCM, A192GCM, A256GCM. A fresh 96-bit IV
 * per message and the full 128-bit tag; Web Crypto returns ciphertext and tag as one buffer, the
 * JWE carries them as two parts.
 *
 * @module
 */
import { concatBytes } from '../../lib/bytes.js';
import type { ContentEncryptionSpec } from '../algorithms.js';
import { decryptionFailed } from '../failures.js';
import { bufferSource, subtle } from '../subtle.js';
import { importContentKey } from './import-content-key.js';
import type { ContentOperations } from './content-key.js';

/** @internal Imports `cek` (of the length `spec` needs, checked by the caller) as an AES-GCM key. */
export async function prepareGcm(spec: ContentEncryptionSpec, cek: Uint8Array): Promise<ContentOperations> {
  const cryptoKey = await importContentKey({ name: 'AES-GCM' }, cek, spec.enc);
  const params = (iv: Uint8Array, aad: Uint8Array): AesGcmParams => ({
    name: 'AES-GCM',
    iv: bufferSource(iv),
    additionalData: bufferSource(aad),
    tagLength: spec.tagBytes * 8,
  });
  return {
    async encrypt(iv, plaintext, aad) {
      const sealed = new Uint8Array(await subtle().encrypt(params(iv, aad), cryptoKey, bufferSource(plaintext)));
      const split = sealed.length - spec.tagBytes;
      return { ciphertext: sealed.slice(0, split), tag: sealed.slice(split) };
    },

    async decrypt(content, aad) {
      const sealed = concatBytes(content.ciphertext, content.tag);
      try {
        return new Uint8Array(await subtle().decrypt(params(content.iv, aad), cryptoKey, bufferSource(sealed)));
      } catch {
        throw decryptionFailed();
      }
    },
  };
}
