/**
 * RSA-OAEP key encryption (RFC 7518 section 4.3; `RSA-OAEP` with SHA-1, `RSA-OAEP-256`, `-384`,
 * `-512` with SHA-2, MGF1 with the same hash). The hash is fixed when the key is imported, so a
 * key made for one of them cannot serve another. `RSA1_5` is not offered at all.
 *
 * @module
 */
import { keyInvalid } from '../../lib/jwt-errors.js';
import type { KeyManagementSpec } from '../algorithms.js';
import type { JweKey } from '../key.js';
import { bufferSource, subtle } from '../subtle.js';
import { contentSpecOf, randomCek } from '../content/index.js';
import { recipientKeyOf } from './crypto-key-of.js';
import { decryptionFailed, malformed } from '../failures.js';
import type { KeyManagement } from './family.js';

const OAEP: RsaOaepParams = { name: 'RSA-OAEP' };

/** The key's `CryptoKey`, checked to be an RSA-OAEP key of the right type with `spec.hash`. */
function oaepKey(key: JweKey, spec: KeyManagementSpec, type: 'public' | 'private'): CryptoKey {
  const cryptoKey = recipientKeyOf(key, spec, type);
  const algorithm = cryptoKey.algorithm as Partial<RsaHashedKeyAlgorithm>;
  if (algorithm.name !== 'RSA-OAEP' || algorithm.hash?.name !== spec.hash) {
    throw keyInvalid(`The key is not an RSA-OAEP key with ${spec.hash ?? 'a hash'} for ${spec.alg}`);
  }
  return cryptoKey;
}

/** The modulus length in bytes: every RSA-OAEP ciphertext under the key is exactly this long. */
function modulusBytes(key: CryptoKey): number {
  return Math.ceil((key.algorithm as RsaHashedKeyAlgorithm).modulusLength / 8);
}

/**
 * @internal Decrypts one RSA-OAEP ciphertext (empty label) with `privateKey`. `ERR_JWT_MALFORMED`
 * for a ciphertext of another length than the modulus (the token shows it); every other failure
 * is the one `ERR_JWE_DECRYPTION_FAILED`, whatever the cause, so there is no padding oracle
 * (Manger's attack).
 */
export async function oaepDecrypt(privateKey: CryptoKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  const expected = modulusBytes(privateKey);
  if (ciphertext.length !== expected) throw malformed(`The encrypted key of this RSA-OAEP key must be ${expected} bytes`);
  try {
    return new Uint8Array(await subtle().decrypt(OAEP, privateKey, bufferSource(ciphertext)));
  } catch {
    throw decryptionFailed();
  }
}

/**
 * @internal `RSA-OAEP`, `RSA-OAEP-256`, `RSA-OAEP-384`, `RSA-OAEP-512`: a random CEK encrypted to
 * the recipient's public key, decrypted with {@link oaepDecrypt}; a CEK of another length than
 * `enc` needs is `ERR_JWE_DECRYPTION_FAILED` as well.
 */
export const rsaOaep: KeyManagement = {
  async encrypt(spec, key, enc) {
    const publicKey = oaepKey(key, spec, 'public');
    const cek = randomCek(enc);
    try {
      const encryptedKey = new Uint8Array(await subtle().encrypt(OAEP, publicKey, bufferSource(cek)));
      return { cek, encryptedKey, parameters: {} };
    } catch (cause) {
      throw keyInvalid(`The key cannot encrypt with ${spec.alg}`, { cause });
    }
  },

  async decrypt(spec, key, enc, encryptedKey) {
    const cek = await oaepDecrypt(oaepKey(key, spec, 'private'), encryptedKey);
    if (cek.length !== contentSpecOf(enc).cekBytes) throw decryptionFailed();
    return cek;
  },
};
