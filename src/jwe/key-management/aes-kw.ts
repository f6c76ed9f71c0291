/**
 * AES key wrap (RFC 3394; JWE `A128KW`, `A192KW`, `A256KW`, RFC 7518 section 4.4), and the wrap
 * and unwrap primitives ECDH-ES+AxKW and PBES2 share. Web Crypto wraps only `CryptoKey`s, so the CEK
 * travels as an extractable raw HMAC key: HMAC imports raw secrets of any length, so every CEK size
 * fits, and the key is never used to sign anything.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { invalidArgument, keyInvalid } from '../../lib/jwt-errors.js';
import { isBytes } from '../../lib/bytes.js';
import { bufferSource, noAes192, subtle } from '../subtle.js';
import { randomCek } from '../content/index.js';
import { cryptoKeyOf } from './crypto-key-of.js';
import { decryptionFailed, malformed } from '../failures.js';
import type { KeyManagement } from './family.js';

const CARRIER: HmacImportParams = { name: 'HMAC', hash: 'SHA-256' };

// RFC 3394 wraps n >= 2 blocks of 8 bytes and adds one block. Literals, not `2 * BLOCK`: a bundler
// cannot tell a top-level product is free of side effects, and kept it in every bundle, JWS-only too.
const BLOCK = 8;
const MIN_KEY_BYTES = 16;

/**
 * Key-encryption key bytes as an AES-KW key. A runtime without AES-192 (Chromium) refuses a 192-bit
 * key, which is said as such (`JwtError`): it is no fault of the key or of the token. Any other
 * refusal is rethrown as it is, for the caller to report as its own failure.
 */
async function importKek(kek: Uint8Array, usage: 'wrapKey' | 'unwrapKey', alg: string): Promise<CryptoKey> {
  try {
    return await subtle().importKey('raw', bufferSource(kek), 'AES-KW', false, [usage]);
  } catch (cause) {
    if (kek.length === 24) throw noAes192(alg, cause);
    throw cause;
  }
}

/**
 * @internal Wraps `cek` with the key-encryption key `kek` (raw AES key bytes or an AES-KW
 * `CryptoKey`) for `alg` (named in errors). `ERR_INVALID_ARGUMENT` for a CEK RFC 3394 cannot wrap
 * (under 16 bytes or not a multiple of 8), `ERR_KEY_INVALID` when `kek` cannot wrap, saying so
 * when the runtime has no AES-192.
 */
export async function wrapWithKek(kek: Uint8Array | CryptoKey, cek: Uint8Array, alg = 'AES key wrap'): Promise<Uint8Array> {
  if (cek.length < MIN_KEY_BYTES || cek.length % BLOCK !== 0) {
    throw invalidArgument('AES key wrap needs a key of at least 16 bytes, in multiples of 8 bytes');
  }
  try {
    const wrapping = isBytes(kek) ? await importKek(kek, 'wrapKey', alg) : kek;
    const carrier = await subtle().importKey('raw', bufferSource(cek), CARRIER, true, ['sign']);
    return new Uint8Array(await subtle().wrapKey('raw', carrier, wrapping, 'AES-KW'));
  } catch (cause) {
    if (cause instanceof JwtError) throw cause;
    throw keyInvalid('The key cannot wrap with AES key wrap (an AES key of 16, 24 or 32 bytes is needed)', {
      cause,
    });
  }
}

/**
 * @internal Unwraps `wrapped` with `kek`. `ERR_JWT_MALFORMED` for a length no AES key wrap output
 * has (not a multiple of 8, or under 24 bytes: the token shows it); `ERR_KEY_INVALID` when the
 * runtime has no AES-192 and `kek` is 192 bits (every token of `alg` fails alike: no oracle);
 * `ERR_JWE_DECRYPTION_FAILED` for every other failure (wrong key, modified data, a `kek` that
 * cannot unwrap).
 */
export async function unwrapWithKek(kek: Uint8Array | CryptoKey, wrapped: Uint8Array, alg = 'AES key wrap'): Promise<Uint8Array> {
  if (wrapped.length < MIN_KEY_BYTES + BLOCK || wrapped.length % BLOCK !== 0) {
    throw malformed('The encrypted key is not an AES key wrap output (a multiple of 8 bytes, at least 24)');
  }
  try {
    const unwrapping = isBytes(kek) ? await importKek(kek, 'unwrapKey', alg) : kek;
    const carrier = await subtle().unwrapKey('raw', bufferSource(wrapped), unwrapping, 'AES-KW', CARRIER, true, ['sign']);
    return new Uint8Array(await subtle().exportKey('raw', carrier));
  } catch (error) {
    // Only the missing AES-192 is a JwtError here; it depends on the alg alone, never on the token.
    if (error instanceof JwtError) throw error;
    throw decryptionFailed();
  }
}

/**
 * @internal `A128KW`, `A192KW`, `A256KW`: a random CEK wrapped with the shared AES key. The
 * encrypted key's length (the CEK's plus 8 bytes) is checked with the header (decrypt-compact.ts).
 */
export const aesKeyWrap: KeyManagement = {
  async encrypt(spec, key, enc) {
    const kek = cryptoKeyOf(key, spec);
    const cek = randomCek(enc);
    return { cek, encryptedKey: await wrapWithKek(kek, cek, spec.alg), parameters: {} };
  },

  async decrypt(spec, key, _enc, encryptedKey) {
    return unwrapWithKek(cryptoKeyOf(key, spec), encryptedKey, spec.alg);
  },
};
