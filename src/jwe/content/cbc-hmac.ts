/**
 * AES-CBC with HMAC-SHA-2 content encryption (RFC 7518 section 5.2): A128CBC-HS256,
 * A192CBC-HS384, A256CBC-HS512. The CEK's first half is the MAC key, its second half the AES key;
 * the tag is the first half of HMAC(AAD || IV || ciphertext || AL). Decryption checks the tag, in
 * constant time, before it decrypts anything, so padding is only ever looked at in ciphertexts the
 * key holder made.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { concatBytes } from '../../lib/bytes.js';
import { bytesEqualConstantTime } from '../../lib/constant-time.js';
import type { ContentEncryptionSpec } from '../algorithms.js';
import { bufferSource, randomBytes, subtle } from '../subtle.js';
import { importAesKey } from './aes-key.js';
import type { ContentCipher, ContentKey, EncryptedContent } from './content-key.js';
import { decryptionFailed, malformed } from '../failures.js';
import { contentSpec, encryptionFailed, requireCekLength, requireLength } from './failure.js';

const AES_BLOCK_BYTES = 16;

interface PreparedCbcHmac {
  readonly spec: ContentEncryptionSpec;
  readonly macKey: CryptoKey;
  readonly encKey: CryptoKey;
}

// Outside the key object, so a logged key shows only its `enc`, and a hand-made object is refused.
const PREPARED = new WeakMap<ContentKey, PreparedCbcHmac>();

function prepared(key: ContentKey): PreparedCbcHmac {
  const found = PREPARED.get(key);
  if (!found) throw new JwtError('ERR_INVALID_ARGUMENT', 'Not a content encryption key prepared for AES-CBC-HMAC');
  return found;
}

async function importMacKey(spec: ContentEncryptionSpec, bytes: Uint8Array): Promise<CryptoKey> {
  const provider = subtle();
  try {
    return await provider.importKey('raw', bufferSource(bytes), { name: 'HMAC', hash: spec.hash! }, false, ['sign']);
  } catch (cause) {
    throw new JwtError('ERR_KEY_INVALID', `The content encryption key cannot be imported for ${spec.enc}`, { cause });
  }
}

/** AL (RFC 7518 section 5.2.2.1): the AAD's length in bits as a 64-bit big-endian integer. */
function aadBitLength(aad: Uint8Array): Uint8Array {
  const al = new Uint8Array(8);
  const bits = aad.length * 8; // exact: below 2^53 for any array a runtime can hold
  const view = new DataView(al.buffer);
  view.setUint32(0, Math.floor(bits / 2 ** 32));
  view.setUint32(4, bits % 2 ** 32);
  return al;
}

/** @internal The CBC-HMAC tag: the first `tagBytes` of HMAC(AAD || IV || ciphertext || AL) (exported for the RFC 7518 vectors). */
export async function cbcHmacTag(
  spec: ContentEncryptionSpec,
  macKey: CryptoKey,
  aad: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const input = concatBytes(aad, iv, ciphertext, aadBitLength(aad));
  const mac = new Uint8Array(await subtle().sign('HMAC', macKey, bufferSource(input)));
  return mac.slice(0, spec.tagBytes);
}

/**
 * @internal AES-CBC decryption with PKCS#7 padding removed. Any failure (bad padding, a
 * ciphertext that is not whole blocks) is the one `ERR_JWE_DECRYPTION_FAILED`.
 */
export async function aesCbcDecrypt(encKey: CryptoKey, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const provider = subtle();
  try {
    return new Uint8Array(
      await provider.decrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, encKey, bufferSource(ciphertext)),
    );
  } catch {
    throw decryptionFailed();
  }
}

/** @internal The AES-CBC-HMAC family of {@link ContentCipher}. */
export const cbcHmacCipher: ContentCipher = {
  async prepare(enc, cek) {
    const spec = contentSpec(enc, 'cbc-hmac');
    requireCekLength(spec, cek);
    const half = cek.length / 2;
    const [macKey, encKey] = await Promise.all([
      importMacKey(spec, cek.subarray(0, half)),
      importAesKey('AES-CBC', cek.subarray(half), spec.enc),
    ]);
    const key: ContentKey = Object.freeze({ enc: spec.enc });
    PREPARED.set(key, { spec, macKey, encKey });
    return key;
  },

  async encrypt(key, plaintext, aad): Promise<EncryptedContent> {
    const { spec, macKey, encKey } = prepared(key);
    const provider = subtle();
    const iv = randomBytes(spec.ivBytes);
    try {
      const ciphertext = new Uint8Array(
        await provider.encrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, encKey, bufferSource(plaintext)),
      );
      return { iv, ciphertext, tag: await cbcHmacTag(spec, macKey, aad, iv, ciphertext) };
    } catch (cause) {
      throw encryptionFailed(spec.enc, cause);
    }
  },

  async decrypt(key, content, aad) {
    const { spec, macKey, encKey } = prepared(key);
    requireLength('initialization vector', content.iv, spec.ivBytes, spec.enc);
    requireLength('authentication tag', content.tag, spec.tagBytes, spec.enc);
    // CBC with padding always yields whole blocks, at least one. The length is visible in the
    // token, so saying so (malformed) reveals nothing the token did not already show.
    const { length } = content.ciphertext;
    if (length === 0 || length % AES_BLOCK_BYTES !== 0) {
      throw malformed(`The JWE ciphertext for ${spec.enc} must be a positive multiple of 16 bytes`);
    }
    // Outside the try: a runtime without Web Crypto is a runtime gap, not a decryption failure.
    subtle();
    let expected: Uint8Array;
    try {
      expected = await cbcHmacTag(spec, macKey, aad, content.iv, content.ciphertext);
    } catch {
      throw decryptionFailed();
    }
    if (!bytesEqualConstantTime(expected, content.tag)) throw decryptionFailed();
    return aesCbcDecrypt(encKey, content.iv, content.ciphertext);
  },
};
