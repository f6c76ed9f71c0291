/**
 * The errors content encryption raises, in one place so every failure looks the same: a token
 * whose parts have the wrong length is malformed (the lengths are visible to anyone), and every
 * other decryption failure is one code with one message, whichever step failed, so the error
 * tells an attacker nothing about where the forgery went wrong (no padding oracle).
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { isBytes } from '../../lib/bytes.js';
import type { ContentEncryptionAlgorithm, ContentEncryptionSpec } from '../algorithms.js';
import { contentEncryptionSpec } from '../algorithms.js';

/** @internal The one message of every `ERR_JWE_DECRYPTION_FAILED`. */
export const DECRYPTION_FAILED_MESSAGE = 'The token cannot be decrypted with this key';

/**
 * @internal The one decryption error. It carries no `cause`: the cause would tell a bad tag from
 * bad padding to whoever sees the error.
 */
export function decryptionFailed(): JwtError {
  return new JwtError('ERR_JWE_DECRYPTION_FAILED', DECRYPTION_FAILED_MESSAGE);
}

/** @internal `ERR_JWT_MALFORMED` unless `bytes` is exactly `expected` long. */
export function requireLength(
  part: 'initialization vector' | 'authentication tag',
  bytes: Uint8Array,
  expected: number,
  enc: ContentEncryptionAlgorithm,
): void {
  if (bytes.length !== expected) {
    throw new JwtError(
      'ERR_JWT_MALFORMED',
      `The JWE ${part} must be ${expected} bytes for ${enc}, not ${bytes.length}`,
    );
  }
}

/**
 * @internal The `enc` row of `family`, or `ERR_INVALID_ARGUMENT` (a caller bug: `index.ts`
 * dispatches by the row's family).
 */
export function contentSpec(enc: unknown, family: ContentEncryptionSpec['family']): ContentEncryptionSpec {
  const spec = contentEncryptionSpec(enc);
  if (spec?.family !== family) {
    throw new JwtError('ERR_INVALID_ARGUMENT', `${String(enc)} is not a ${family} content encryption algorithm`);
  }
  return spec;
}

/** @internal `ERR_KEY_INVALID` unless `cek` is a CEK of exactly the length `spec` needs. */
export function requireCekLength(spec: ContentEncryptionSpec, cek: Uint8Array): void {
  if (!isBytes(cek) || cek.length !== spec.cekBytes) {
    const actual = isBytes(cek) ? `${cek.length} bytes` : typeof cek;
    throw new JwtError(
      'ERR_KEY_INVALID',
      `A content encryption key for ${spec.enc} must be ${spec.cekBytes} bytes, not ${actual}`,
    );
  }
}

/** @internal A failure to encrypt (only absurd inputs get here), as a `JwtError`. */
export function encryptionFailed(enc: ContentEncryptionAlgorithm, cause: unknown): JwtError {
  return new JwtError('ERR_INVALID_ARGUMENT', `The content cannot be encrypted with ${enc}`, { cause });
}
