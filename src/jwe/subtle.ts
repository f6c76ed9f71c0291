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
 * @internal `bytes` typed as Web Crypto's `BufferSource`. TypeScript's `Uint8Array` may view a
 * `SharedArrayBuffer`, which the DOM types refuse; our bytes always view a plain `ArrayBuffer`.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
