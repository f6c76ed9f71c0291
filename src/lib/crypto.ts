/**
 * The crypto facade: sign and verify go through here, and here alone the backend is chosen.
 * Web Crypto is the contract and the default; where `node:crypto` exists the native backend is used,
 * with results identical to Web Crypto's.
 *
 * How the native backend runs an operation was chosen by measurement (Node 20, 2 cores, bench/):
 * - HMAC is so cheap (~3 µs) that a synchronous call always wins (about 7x `crypto.subtle`).
 * - RSA, ECDSA and Ed25519 win synchronously when a caller runs one at a time, but under concurrent
 *   load libuv's thread pool spreads them over the cores (RS256 verify with 64 in flight: ~60 k/s
 *   pooled against ~38 k/s on the main thread). So these go to the pool only when other operations
 *   are in progress, counted after one microtask so callers that start together see each other.
 *
 * @module
 */
import type { AlgorithmSpec } from './algorithms.js';
import { nativeSignPooled, nativeSignSync, nativeVerifyPooled, nativeVerifySync, nodeCrypto } from './native-crypto.js';
import { webSign, webVerify } from './webcrypto.js';

export {
  digest,
  exportCryptoKeyBytes,
  exportCryptoKeyJwk,
  generateCryptoKey,
  importCryptoKey,
  type ImportFormat,
  randomBytes,
  randomUuid,
} from './webcrypto.js';

/** Which implementation signs and verifies. */
export type CryptoBackend = 'auto' | 'webcrypto';

let backend: CryptoBackend = 'auto';

/**
 * Chooses the crypto backend for every later sign and verify. `'auto'` (the default) uses native
 * `node:crypto` where the runtime has it and Web Crypto elsewhere; `'webcrypto'` forces Web Crypto.
 *
 * @param choice - `'auto'` or `'webcrypto'`; anything else is treated as `'webcrypto'`.
 * @throws Never.
 *
 * @example
 * ```ts
 * setCryptoBackend('webcrypto'); // e.g. to compare results in a test
 * ```
 */
export function setCryptoBackend(choice: CryptoBackend): void {
  backend = choice === 'auto' ? 'auto' : 'webcrypto';
}

/**
 * The backend in force: `'native'` when `'auto'` found `node:crypto`, else `'webcrypto'`.
 *
 * @returns `'native'` or `'webcrypto'`.
 * @throws Never.
 *
 * @example
 * ```ts
 * console.log(activeCryptoBackend()); // 'native' on Node, Deno and Bun; 'webcrypto' in browsers
 * ```
 */
export function activeCryptoBackend(): 'native' | 'webcrypto' {
  return backend === 'auto' && nodeCrypto !== undefined ? 'native' : 'webcrypto';
}

// Asymmetric operations started and not yet finished.
let inProgress = 0;

function adaptive<T>(sync: () => T, pooled: () => Promise<T>): Promise<T> {
  inProgress++;
  return Promise.resolve()
    .then(() => (inProgress > 1 ? pooled() : sync()))
    .finally(() => {
      inProgress--;
    });
}

/** Signs `data`; synchronous for HMAC on the native backend. */
export function signBytes(spec: AlgorithmSpec, key: CryptoKey, data: Uint8Array): Uint8Array | Promise<Uint8Array> {
  const native = backend === 'auto' ? nodeCrypto : undefined;
  if (native === undefined) return webSign(spec, key, data);
  if (spec.name === 'HMAC') return nativeSignSync(native, spec, key, data);
  return adaptive(
    () => nativeSignSync(native, spec, key, data),
    () => nativeSignPooled(native, spec, key, data),
  );
}

/** Verifies `signature` over `data`; never throws or rejects for a bad signature. */
export function verifyBytes(
  spec: AlgorithmSpec,
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
): boolean | Promise<boolean> {
  const native = backend === 'auto' ? nodeCrypto : undefined;
  if (native === undefined) return webVerify(spec, key, signature, data);
  if (spec.name === 'HMAC') return nativeVerifySync(native, spec, key, signature, data);
  return adaptive(
    () => nativeVerifySync(native, spec, key, signature, data),
    () => nativeVerifyPooled(native, spec, key, signature, data),
  );
}
