/**
 * The checks content encryption makes of its inputs: the CEK's length, and the IV's and tag's
 * lengths (visible in the token, so malformed). Decryption failures are the one error of
 * ../failures.ts.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { invalidArgument } from '../../lib/jwt-errors.js';
import { isBytes } from '../../lib/bytes.js';
import type { ContentEncryptionAlgorithm, ContentEncryptionSpec } from '../algorithms.js';
import { malformed } from '../failures.js';

/** @internal `ERR_JWT_MALFORMED` unless `bytes` is exactly `expected` long. */
export function requireLength(
  part: 'initialization vector' | 'authentication tag',
  bytes: Uint8Array,
  expected: number,
  enc: ContentEncryptionAlgorithm,
): void {
  if (bytes.length !== expected) throw malformed(`The JWE ${part} must be ${expected} bytes for ${enc}, not ${bytes.length}`);
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
  return invalidArgument(`The content cannot be encrypted with ${enc}`, { cause });
}
