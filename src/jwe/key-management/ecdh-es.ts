/**
 * ECDH-ES key agreement (RFC 7518 section 4.6) on P-256, P-384, P-521 and X25519 (RFC 8037): the
 * sender makes an ephemeral key pair on the recipient's curve, both sides agree on a shared secret,
 * and the Concat KDF turns it into the CEK (`ECDH-ES`) or into a key that AES-wraps a random CEK
 * (`ECDH-ES+A128KW`, `+A192KW`, `+A256KW`). Serves both families, `ecdh-es` and `ecdh-es-kw`.
 *
 * @module
 */
import { keyInvalid } from '../../lib/jwt-errors.js';
import { decodeBase64url, encodeBase64url } from '../../lib/base64url.js';
import { isBytes } from '../../lib/bytes.js';
import type { ContentEncryptionAlgorithm, KeyManagementSpec } from '../algorithms.js';
import { bufferSource, subtle } from '../subtle.js';
import { unwrapWithKek, wrapWithKek } from './aes-kw.js';
import { concatKdf } from './concat-kdf.js';
import { contentSpecOf, randomCek } from '../content/index.js';
import { recipientKeyOf } from './crypto-key-of.js';
import { curveOfCryptoKey, type EcdhCurve, isAllZero } from './ecdh-curves.js';
import { ephemeralJwk, readEphemeralKey } from './ecdh-epk.js';
import { decryptionFailed, malformed } from '../failures.js';
import type { KeyManagement } from './family.js';

function curveOf(key: CryptoKey, spec: KeyManagementSpec): EcdhCurve {
  const curve = curveOfCryptoKey(key);
  if (curve === undefined) throw keyInvalid(`The key is not an ECDH key for ${spec.alg}`);
  return curve;
}

/** The shared secret Z of `privateKey` and the raw public key `peer` on `curve`; undefined if unusable. */
async function sharedSecret(privateKey: CryptoKey, peer: Uint8Array | CryptoKey, curve: EcdhCurve): Promise<Uint8Array | undefined> {
  try {
    const publicKey = isBytes(peer) ? await subtle().importKey('raw', bufferSource(peer), curve.params, true, []) : peer;
    const z = new Uint8Array(
      await subtle().deriveBits({ name: curve.params.name, public: publicKey } as EcdhKeyDeriveParams, privateKey, curve.bytes * 8),
    );
    // RFC 7748 section 6.1: an all-zero X25519 result means a small-order point; abort. (On the
    // NIST curves an x-coordinate of 0 is a valid shared secret, and their points were checked.)
    return curve.kty === 'OKP' && isAllZero(z) ? undefined : z;
  } catch {
    return undefined;
  }
}

/**
 * @internal The shared secret of the recipient's `privateKey` and the header's `epk`, after the
 * `epk` checks (see {@link readEphemeralKey}). `ERR_JWE_DECRYPTION_FAILED` for a point of another
 * curve, off the curve, of small order (X25519), or any failure of the agreement itself.
 */
export async function agreeWithEpk(privateKey: CryptoKey, epk: unknown): Promise<Uint8Array> {
  const curve = curveOfCryptoKey(privateKey);
  if (curve === undefined || privateKey.type !== 'private') throw keyInvalid('The key is not an ECDH private key');
  const z = await sharedSecret(privateKey, readEphemeralKey(epk, curve), curve);
  if (z === undefined) throw decryptionFailed();
  return z;
}

function partyInfo(value: unknown, name: 'apu' | 'apv'): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  const bytes = typeof value === 'string' ? decodeBase64url(value) : undefined;
  if (bytes === undefined) throw malformed(`The JWE header "${name}" is not base64url`);
  return bytes;
}

/** The derived key's length and the AlgorithmID the KDF binds it to (RFC 7518 section 4.6.2). */
function derivation(spec: KeyManagementSpec, enc: ContentEncryptionAlgorithm): { algorithmId: string; keyBits: number } {
  return spec.kekBytes === undefined
    ? { algorithmId: enc, keyBits: contentSpecOf(enc).cekBytes * 8 }
    : { algorithmId: spec.alg, keyBits: spec.kekBytes * 8 };
}

/**
 * @internal `ECDH-ES` (the derived key is the CEK; the encrypted key is empty) and
 * `ECDH-ES+A128KW`/`+A192KW`/`+A256KW` (the derived key AES-wraps a random CEK).
 */
export const ecdhEs: KeyManagement = {
  async encrypt(spec, key, enc, options) {
    const recipient = recipientKeyOf(key, spec, 'public');
    const curve = curveOf(recipient, spec);
    let ephemeral: CryptoKeyPair;
    try {
      ephemeral = (await subtle().generateKey(curve.params, true, ['deriveBits'])) as CryptoKeyPair;
    } catch (cause) {
      throw keyInvalid(`An ephemeral ${curve.crv} key cannot be generated in this runtime`, { cause });
    }
    const z = await sharedSecret(ephemeral.privateKey, recipient, curve);
    if (z === undefined) {
      throw keyInvalid(`The recipient's ${curve.crv} key cannot agree on a secret (a small-order point?)`);
    }
    const partyUInfo = options.apu ?? new Uint8Array(0);
    const partyVInfo = options.apv ?? new Uint8Array(0);
    const derived = await concatKdf(z, { ...derivation(spec, enc), partyUInfo, partyVInfo });
    const parameters = {
      epk: await ephemeralJwk(ephemeral.publicKey, curve),
      ...(options.apu === undefined ? {} : { apu: encodeBase64url(options.apu) }),
      ...(options.apv === undefined ? {} : { apv: encodeBase64url(options.apv) }),
    };
    if (spec.kekBytes === undefined) return { cek: derived, encryptedKey: new Uint8Array(0), parameters };
    const cek = randomCek(enc);
    return { cek, encryptedKey: await wrapWithKek(derived, cek, spec.alg), parameters };
  },

  async decrypt(spec, key, enc, encryptedKey, header) {
    const privateKey = recipientKeyOf(key, spec, 'private');
    const partyUInfo = partyInfo(header.apu, 'apu');
    const partyVInfo = partyInfo(header.apv, 'apv');
    const z = await agreeWithEpk(privateKey, header.epk);
    const derived = await concatKdf(z, { ...derivation(spec, enc), partyUInfo, partyVInfo });
    // The encrypted key's length was checked with the header (decrypt-compact.ts), the CEK's after.
    return spec.kekBytes === undefined ? derived : unwrapWithKek(derived, encryptedKey, spec.alg);
  },
};
