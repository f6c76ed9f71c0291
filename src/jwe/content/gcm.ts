/**
 * AES-GCM content encryption (RFC 7518 section 5.3): A128GCM, A192GCM, A256GCM. A fresh 96-bit IV
 * per message and the full 128-bit tag; Web Crypto returns ciphertext and tag as one buffer, the
 * JWE carries them as two parts.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { concatBytes } from '../../lib/bytes.js';
import type { ContentEncryptionSpec } from '../algorithms.js';
import { bufferSource, randomBytes, subtle } from '../subtle.js';
import { importAesKey } from './aes-key.js';
import type { ContentCipher, ContentKey, EncryptedContent } from './content-key.js';
import { decryptionFailed } from '../failures.js';
import { contentSpec, encryptionFailed, requireCekLength, requireLength } from './failure.js';

interface PreparedGcm {
  readonly spec: ContentEncryptionSpec;
  readonly cryptoKey: CryptoKey;
}

// Outside the key object, so a logged key shows only its `enc`, and a hand-made object is refused.
const PREPARED = new WeakMap<ContentKey, PreparedGcm>();

function prepared(key: ContentKey): PreparedGcm {
  const found = PREPARED.get(key);
  if (!found) throw new JwtError('ERR_INVALID_ARGUMENT', 'Not a content encryption key prepared for AES-GCM');
  return found;
}

function gcmParams(spec: ContentEncryptionSpec, iv: Uint8Array, aad: Uint8Array): AesGcmParams {
  return { name: 'AES-GCM', iv: bufferSource(iv), additionalData: bufferSource(aad), tagLength: spec.tagBytes * 8 };
}

/** @internal The AES-GCM family of {@link ContentCipher}. */
export const gcmCipher: ContentCipher = {
  async prepare(enc, cek) {
    const spec = contentSpec(enc, 'gcm');
    requireCekLength(spec, cek);
    const cryptoKey = await importAesKey('AES-GCM', cek, spec.enc);
    const key: ContentKey = Object.freeze({ enc: spec.enc });
    PREPARED.set(key, { spec, cryptoKey });
    return key;
  },

  async encrypt(key, plaintext, aad): Promise<EncryptedContent> {
    const { spec, cryptoKey } = prepared(key);
    const provider = subtle();
    const iv = randomBytes(spec.ivBytes);
    let sealed: Uint8Array;
    try {
      sealed = new Uint8Array(await provider.encrypt(gcmParams(spec, iv, aad), cryptoKey, bufferSource(plaintext)));
    } catch (cause) {
      throw encryptionFailed(spec.enc, cause);
    }
    const split = sealed.length - spec.tagBytes;
    return { iv, ciphertext: sealed.slice(0, split), tag: sealed.slice(split) };
  },

  async decrypt(key, content, aad) {
    const { spec, cryptoKey } = prepared(key);
    requireLength('initialization vector', content.iv, spec.ivBytes, spec.enc);
    requireLength('authentication tag', content.tag, spec.tagBytes, spec.enc);
    const provider = subtle();
    const sealed = concatBytes(content.ciphertext, content.tag);
    try {
      return new Uint8Array(await provider.decrypt(gcmParams(spec, content.iv, aad), cryptoKey, bufferSource(sealed)));
    } catch {
      throw decryptionFailed();
    }
  },
};
