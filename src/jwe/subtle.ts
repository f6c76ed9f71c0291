/**
 * Web Crypto access for the JWE modules: `crypto.subtle` as the JWS backend finds it (its absence is
 * a `JwtError`), so every JWE primitive runs the same code path on every runtime.
 *
 * @module
 */
import { JwtError } from '../errors.js';

// Shared with the JWS backend: one `subtle()` (the same check and message everywhere) in a bundle.
export { randomBytes, subtle } from '../lib/webcrypto.js';

/**
 * @internal The one error for a 192-bit AES key this runtime's Web Crypto refuses (Chromium has
 * no AES-192 at all), naming the algorithm that needs it. Said plainly, because the alternatives
 * mislead: a vague import failure, or a decryption failure that blames the key or the token.
 */
export function noAes192(algorithm: string, cause: unknown): JwtError {
  return new JwtError(
    'ERR_KEY_INVALID',
    `This runtime's Web Crypto has no AES-192, which ${algorithm} needs; use a 128- or 256-bit variant`,
    { cause },
  );
}

/**
 * @internal `bytes` typed as Web Crypto's `BufferSource`. TypeScript's `Uint8Array` may view a
 * `SharedArrayBuffer`, which the DOM types refuse; our bytes always view a plain `ArrayBuffer`.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
