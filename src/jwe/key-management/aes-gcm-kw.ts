/**
 * Key wrapping with AES-GCM (JWE `A128GCMKW`, `A192GCMKW`, `A256GCMKW`, RFC 7518 section 4.7): the
 * CEK is encrypted with AES-GCM under the shared key, with a fresh 96-bit IV; the IV and the 128-bit
 * tag travel in the header as `iv` and `tag`.
 *
 * @module
 */
import { keyInvalid } from '../../lib/jwt-errors.js';
import { encodeBase64url } from '../../lib/base64url.js';
import { concatBytes } from '../../lib/bytes.js';
import { bufferSource, randomBytes, subtle } from '../subtle.js';
import { randomCek } from '../content/index.js';
import { cryptoKeyOf } from './crypto-key-of.js';
import { decryptionFailed } from '../failures.js';
import type { KeyManagement } from './family.js';
import { bytesParameter } from './header-parameter.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * @internal `A128GCMKW`, `A192GCMKW`, `A256GCMKW`. Decrypting checks first that `iv` is 12 bytes
 * and `tag` 16 (`ERR_JWT_MALFORMED`; the encrypted key's length, the CEK's, is checked with the
 * header in decrypt-compact.ts); every failure after that is `ERR_JWE_DECRYPTION_FAILED`.
 */
export const aesGcmKeyWrap: KeyManagement = {
  async encrypt(spec, key, enc) {
    const kek = cryptoKeyOf(key, spec);
    const cek = randomCek(enc);
    const iv = randomBytes(IV_BYTES);
    let sealed: Uint8Array;
    try {
      const params = { name: 'AES-GCM', iv: bufferSource(iv), tagLength: TAG_BYTES * 8 };
      sealed = new Uint8Array(await subtle().encrypt(params, kek, bufferSource(cek)));
    } catch (cause) {
      throw keyInvalid(`The key cannot encrypt with ${spec.alg}`, { cause });
    }
    return {
      cek,
      encryptedKey: sealed.slice(0, cek.length),
      parameters: { iv: encodeBase64url(iv), tag: encodeBase64url(sealed.slice(cek.length)) },
    };
  },

  async decrypt(spec, key, _enc, encryptedKey, header) {
    const kek = cryptoKeyOf(key, spec);
    const iv = bytesParameter(header, 'iv', IV_BYTES);
    const tag = bytesParameter(header, 'tag', TAG_BYTES);
    try {
      const params = { name: 'AES-GCM', iv: bufferSource(iv), tagLength: TAG_BYTES * 8 };
      return new Uint8Array(await subtle().decrypt(params, kek, bufferSource(concatBytes(encryptedKey, tag))));
    } catch {
      throw decryptionFailed();
    }
  },
};
