/**
 * Random values and their hashes: codes, refresh tokens and session IDs are stored only as
 * SHA-256 hashes, so a leaked table cannot be replayed.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * 256 random bits, base64url.
 *
 * @example
 * ```ts
 * const code = randomToken();
 * ```
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256, base64url (also the PKCE S256 transform, RFC 7636 section 4.2).
 *
 * @param value - Text to hash (UTF-8).
 * @example
 * ```ts
 * const challenge = sha256(verifier);
 * ```
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/**
 * Compares two strings in constant time (for the length of the shorter one).
 *
 * @param a - One value.
 * @param b - The other.
 * @example
 * ```ts
 * if (!safeEqual(sha256(verifier), code.code_challenge)) throw invalidGrant();
 * ```
 */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
