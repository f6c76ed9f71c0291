/**
 * AES-CBC with HMAC-SHA-2 content encryption (RFC 7518 section 5.2): A128CBC-HS256,
 * A192CBC-HS384, A256CBC-HS512. The CEK's first half is the MAC key, its second half the AES key;
 * the tag is the first half of HMAC(AAD || IV || ciphertext || AL). Decryption checks the tag, in
 * constant time, before it decrypts anything, so padding is only ever looked at in ciphertexts the
 * key holder made.
 *
 * @module
 */
import { concatBytes } from '../../lib/bytes.js';
import { bytesEqualConstantTime } from '../../lib/constant-time.js';
import type { ContentEncryptionSpec } from '../algorithms.js';
import { bufferSource, subtle } from '../subtle.js';
import { importContentKey } from './import-content-key.js';
import type { ContentOperations } from './content-key.js';
import { decryptionFailed, malformed } from '../failures.js';

const AES_BLOCK_BYTES = 16;

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

/** @internal Imports the two halves of `cek` (of the length `spec` needs, checked by the caller). */
export async function prepareCbcHmac(spec: ContentEncryptionSpec, cek: Uint8Array): Promise<ContentOperations> {
  const half = cek.length / 2;
  const [macKey, encKey] = await Promise.all([
    importContentKey({ name: 'HMAC', hash: spec.hash! }, cek.subarray(0, half), spec.enc),
    importContentKey({ name: 'AES-CBC' }, cek.subarray(half), spec.enc),
  ]);
  return {
    async encrypt(iv, plaintext, aad) {
      const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, encKey, bufferSource(plaintext)));
      return { ciphertext, tag: await cbcHmacTag(spec, macKey, aad, iv, ciphertext) };
    },

    async decrypt({ iv, ciphertext, tag }, aad) {
      // CBC with padding always yields whole blocks, at least one. The length is visible in the
      // token, so saying so (malformed) reveals nothing the token did not already show.
      if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_BYTES !== 0) {
        throw malformed(`The JWE ciphertext for ${spec.enc} must be a positive multiple of 16 bytes`);
      }
      let expected: Uint8Array;
      try {
        expected = await cbcHmacTag(spec, macKey, aad, iv, ciphertext);
      } catch {
        throw decryptionFailed();
      }
      if (!bytesEqualConstantTime(expected, tag)) throw decryptionFailed();
      return aesCbcDecrypt(encKey, iv, ciphertext);
    },
  };
}
