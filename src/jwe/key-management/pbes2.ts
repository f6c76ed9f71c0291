/**
 * Password-based key wrapping (JWE `PBES2-HS256+A128KW`, `PBES2-HS384+A192KW`,
 * `PBES2-HS512+A256KW`, RFC 7518 section 4.8): PBKDF2 turns the password into an AES key, which
 * wraps the CEK with AES key wrap. The salt is `UTF8(alg) || 0x00 || p2s`, so a key derived for one
 * `alg` is never the key of another.
 *
 * The iteration count `p2c` comes from the token, so it is an attacker's number: it is checked
 * against the caller's limit before any PBKDF2 work (a huge count is a denial of service).
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { invalidArgument, keyInvalid } from '../../lib/jwt-errors.js';
import { encodeBase64url } from '../../lib/base64url.js';
import { utf8 } from '../../lib/utf8.js';
import type { KeyManagementSpec } from '../algorithms.js';
import { bufferSource, randomBytes, subtle } from '../subtle.js';
import { unwrapWithKek, wrapWithKek } from './aes-kw.js';
import { randomCek } from '../content/index.js';
import { cryptoKeyOf } from './crypto-key-of.js';
import { decryptionFailed, malformed } from '../failures.js';
import type { KeyManagement } from './family.js';
import { bytesParameter } from './header-parameter.js';

/** Iteration count when the caller names none (OWASP's order of magnitude for PBKDF2-HMAC-SHA-256). */
export const DEFAULT_PBES2_COUNT = 100_000;
/** Encrypting refuses fewer iterations (RFC 7518 section 4.8.1.2 recommends at least 1000). */
export const MIN_PBES2_COUNT = 1_000;
/** Encrypting refuses more: a recipient would refuse the token or spend seconds on it. */
export const MAX_PBES2_COUNT = 10_000_000;
/** RFC 7518 section 4.8.1.1: the salt input is at least 8 bytes. */
const MIN_SALT_BYTES = 8;
const RANDOM_SALT_BYTES = 16;

function pbkdf2Row(spec: KeyManagementSpec): { readonly hash: string; readonly kekBytes: number } {
  // The table gives every PBES2 row a hash and a KEK size; a row without them is a programming error.
  if (spec.family !== 'pbes2' || spec.hash === undefined || spec.kekBytes === undefined) {
    throw invalidArgument(`${spec.alg} is not a PBES2 algorithm`);
  }
  return { hash: spec.hash, kekBytes: spec.kekBytes };
}

/**
 * @internal PBKDF2-HMAC over the password key with the full salt (`UTF8(alg) || 0x00 || p2s` for
 * JWE), giving `kekBytes` bytes of key-encryption key.
 */
export async function derivePbkdf2(
  password: CryptoKey,
  hash: string,
  salt: Uint8Array,
  iterations: number,
  kekBytes: number,
): Promise<Uint8Array> {
  const params: Pbkdf2Params = { name: 'PBKDF2', hash, salt: bufferSource(salt), iterations };
  return new Uint8Array(await subtle().deriveBits(params, password, kekBytes * 8));
}

/** @internal The PBKDF2 salt of RFC 7518 section 4.8.1.1: the `alg` name, a zero byte, then `p2s`. */
export function pbes2Salt(alg: string, p2s: Uint8Array): Uint8Array {
  const name = utf8(alg);
  const salt = new Uint8Array(name.length + 1 + p2s.length);
  salt.set(name);
  salt.set(p2s, name.length + 1);
  return salt;
}

function encryptionCount(p2c: number | undefined): number {
  if (p2c === undefined) return DEFAULT_PBES2_COUNT;
  if (!Number.isInteger(p2c) || p2c < MIN_PBES2_COUNT || p2c > MAX_PBES2_COUNT) {
    throw new JwtError(
      'ERR_INVALID_ARGUMENT',
      `p2c must be an integer from ${MIN_PBES2_COUNT} to ${MAX_PBES2_COUNT} (default ${DEFAULT_PBES2_COUNT})`,
    );
  }
  return p2c;
}

function encryptionSalt(p2s: Uint8Array | undefined): Uint8Array {
  if (p2s === undefined) return randomBytes(RANDOM_SALT_BYTES);
  if (p2s.length < MIN_SALT_BYTES) throw invalidArgument(`p2s must be at least ${MIN_SALT_BYTES} bytes`);
  return p2s;
}

function decryptionCount(header: Readonly<Record<string, unknown>>, limit: number): number {
  const p2c = Object.hasOwn(header, 'p2c') ? header.p2c : undefined;
  if (typeof p2c !== 'number' || !Number.isSafeInteger(p2c) || p2c < 1) {
    throw malformed('The JWE header "p2c" must be a positive integer');
  }
  if (p2c > limit) {
    throw new JwtError(
      'ERR_JWE_ALG_NOT_ALLOWED',
      `The token's PBES2 iteration count (p2c) is above the limit of ${limit}; raise the option maxPbes2Count to accept it`,
    );
  }
  return p2c;
}

/**
 * @internal `PBES2-*`. Encrypting writes `p2s` (random 16 bytes unless given) and `p2c` to the
 * header. Decrypting checks `p2c` (a positive integer, at most `limits.maxPbes2Count`) and `p2s` (at
 * least 8 bytes) before deriving anything; the encrypted key's length is checked with the header
 * (decrypt-compact.ts).
 */
export const pbes2: KeyManagement = {
  async encrypt(spec, key, enc, options) {
    const password = cryptoKeyOf(key, spec);
    const { hash, kekBytes } = pbkdf2Row(spec);
    const count = encryptionCount(options.p2c);
    const p2s = encryptionSalt(options.p2s);
    let kek: Uint8Array;
    try {
      kek = await derivePbkdf2(password, hash, pbes2Salt(spec.alg, p2s), count, kekBytes);
    } catch (cause) {
      throw keyInvalid(`The key is not a PBES2 password for ${spec.alg}`, { cause });
    }
    const cek = randomCek(enc);
    return { cek, encryptedKey: await wrapWithKek(kek, cek, spec.alg), parameters: { p2s: encodeBase64url(p2s), p2c: count } };
  },

  async decrypt(spec, key, _enc, encryptedKey, header, limits) {
    const password = cryptoKeyOf(key, spec);
    const { hash, kekBytes } = pbkdf2Row(spec);
    const count = decryptionCount(header, limits.maxPbes2Count);
    const p2s = bytesParameter(header, 'p2s');
    if (p2s.length < MIN_SALT_BYTES) throw malformed(`The JWE header "p2s" must be at least ${MIN_SALT_BYTES} bytes`);
    let kek: Uint8Array;
    try {
      kek = await derivePbkdf2(password, hash, pbes2Salt(spec.alg, p2s), count, kekBytes);
    } catch {
      throw decryptionFailed();
    }
    return unwrapWithKek(kek, encryptedKey, spec.alg);
  },
};
