/**
 * Web Crypto access for the JWE modules: one place that finds `crypto.subtle` and turns its absence
 * into a `JwtError`, so every JWE primitive runs the same code path on every runtime.
 *
 * @module
 */
import { JwtError } from '../errors.js';

export { randomBytes } from '../lib/webcrypto.js';

/** @internal The runtime's `crypto.subtle`; `ERR_INVALID_ARGUMENT` when the runtime has none. */
export function subtle(): SubtleCrypto {
  const provider = (globalThis as { crypto?: Crypto }).crypto;
  if (!provider?.subtle) {
    throw new JwtError(
      'ERR_INVALID_ARGUMENT',
      'Web Crypto (globalThis.crypto.subtle) is not available in this runtime',
    );
  }
  return provider.subtle;
}

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
