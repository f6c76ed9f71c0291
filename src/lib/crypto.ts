/**
 * The crypto facade: sign and verify go through here, and here alone the backend is chosen.
 * Web Crypto is the contract and the default; where `node:crypto` exists the native backend is used,
 * with results identical to Web Crypto's.
 *
 * How the native backend runs an operation was chosen by measurement (Node 20, 2 cores, bench/):
 * - HMAC is so cheap (~1 µs for a typical token) that a synchronous call always wins (over 10x
 *   `crypto.subtle`).
 * - RSA, ECDSA and Ed25519: per runtime and operation as backend-table.ts says, one way when nothing
 *   else is in flight and another while other operations are in flight or were started in the same
 *   turn (on Node: synchronously alone, on libuv's thread pool under load, where RS256 verify with 64
 *   in flight does ~60 k/s pooled against ~38 k/s on the main thread).
 * - Signatures leave native code as base64url text, and HMAC tags are compared as text: making a
 *   Buffer costs more than the HMAC's own hashing of a typical token.
 * - Under load the main thread's work per token decides throughput: on 2 cores it competes with the
 *   pool threads for the CPU. So the hand-off makes no closure or promise beyond the one native call
 *   needs. Measured (bench/README.md, "Thread-pool hand-off, round three"): even the minimal JWT costs
 *   ~1.35x the raw pool limit's CPU per RS256 token, so no verifier reaches 80 % of that limit there;
 *   `UV_THREADPOOL_SIZE=2` did not help and is not recommended.
 *
 * @module
 */
import type { AlgorithmSpec } from './algorithms.js';
import { encodeBase64url } from './base64url.js';
import {
  type KeyObjectLike,
  nativeKeyObject,
  nativeMacMatches as macMatches,
  nativeMacText,
  nativeSignPooled,
  nativeSignSync,
  nativeVerifyPooled,
  nativeVerifySync,
  loadNativeNow,
  loadNativeSoon,
  loadsLater,
  nativeNow,
  nodeCrypto,
  rememberMaterialForLater,
  rememberNativeKey,
} from './native-crypto.js';
import { type AsymmetricFamily, BACKEND_TABLE, currentRuntime, type RuntimeName } from './backend-table.js';
import { type ImportFormat, webImportKey, webSign, webVerify } from './webcrypto.js';

export {
  digest,
  exportCryptoKeyBytes,
  exportCryptoKeyJwk,
  generateCryptoKey,
  type ImportFormat,
  randomBytes,
  randomUuid,
} from './webcrypto.js';

/** Imports key material with Web Crypto, and makes its native twin from the same material. */
export async function importCryptoKey(
  spec: AlgorithmSpec,
  format: ImportFormat,
  material: Uint8Array | JsonWebKey,
  usages: readonly KeyUsage[],
  extractable = true,
): Promise<CryptoKey> {
  const key = await webImportKey(spec, format, material, usages, extractable);
  if (nodeCrypto !== undefined) rememberNativeKey(nodeCrypto, key, format, material);
  else if (loadsLater) rememberMaterialForLater(key, format, material);
  return key;
}

/**
 * Which implementation signs and verifies.
 *
 * @category Crypto backend
 */
export type CryptoBackend = 'auto' | 'webcrypto';

let backend: CryptoBackend = 'auto';

/**
 * Chooses the crypto backend for every later sign and verify. `'auto'` (the default) uses native
 * `node:crypto` where the runtime has it and Web Crypto elsewhere; `'webcrypto'` forces Web Crypto.
 * On Deno and Bun, where loading `node:crypto` takes longer than a whole first token on Web Crypto,
 * `'auto'` uses Web Crypto until the first token is done and loads `node:crypto` after it (on Bun in
 * a task of its own right after it, on Deno when the next token starts); calling
 * `setCryptoBackend('auto')` loads it at once. A long-running server on Deno can call it at start-up,
 * so that the one-time load (30-100 ms there) is not paid by its second request.
 *
 * @param choice - `'auto'` or `'webcrypto'`; anything else is treated as `'webcrypto'`.
 * @throws Never.
 *
 * @example
 * ```ts
 * setCryptoBackend('webcrypto'); // e.g. to compare results in a test
 * ```
 *
 * @category Crypto backend
 */
export function setCryptoBackend(choice: CryptoBackend): void {
  backend = choice === 'auto' ? 'auto' : 'webcrypto';
  if (backend === 'auto') loadNativeNow();
}

/**
 * The backend in force: `'native'` when `'auto'` found `node:crypto`, else `'webcrypto'` (on Deno
 * and Bun also before `node:crypto` is loaded: see {@link setCryptoBackend}).
 *
 * @returns `'native'` or `'webcrypto'`.
 * @throws Never.
 *
 * @example
 * ```ts
 * console.log(activeCryptoBackend()); // 'native' on Node, Deno and Bun; 'webcrypto' in browsers
 * ```
 *
 * @category Crypto backend
 */
export function activeCryptoBackend(): 'native' | 'webcrypto' {
  return backend === 'auto' && nodeCrypto !== undefined ? 'native' : 'webcrypto';
}

// How asymmetric operations run: synchronously when nothing else is going on, on a pool of threads
// when several are in flight. `pooledInFlight` counts pool operations not yet settled; `startedNow`
// counts operations started since the last microtask checkpoint, so callers that start together
// (e.g. Promise.all) see each other even though the first of them ran synchronously.
let pooledInFlight = 0;
let startedNow = 0;
const endOfTurn = () => {
  startedNow = 0;
};

// Where each asymmetric operation runs, per runtime: backend-table.ts, with the figures behind it.
// Looked up on first use, not at load: a top-level lookup is code no bundler can drop, and it would
// keep the table in browser bundles, which never route (they have no native backend).
let plan: (typeof BACKEND_TABLE)[RuntimeName] | undefined;

/** @internal Routes as the table says for `runtime` (tests check the table against the code with it). */
export function useBackendPlan(runtime: RuntimeName): void {
  plan = BACKEND_TABLE[runtime];
}

const familyOf = (spec: AlgorithmSpec): AsymmetricFamily => (spec.kty === 'RSA' ? 'RSA' : spec.kty === 'EC' ? 'EC' : 'OKP');

// True when an asymmetric operation should run synchronously now: nothing is in the pool and no
// other operation was started in this turn. Counts the operation either way.
function runsNow(): boolean {
  if (startedNow++ === 0) queueMicrotask(endOfTurn);
  return pooledInFlight === 0 && startedNow === 1;
}

const leavePool = () => {
  pooledInFlight--;
};

// Counts an operation into the pool and returns the callback to call once, when it is done. The
// same function every time: under load the main thread's cost per token decides throughput (it
// competes with the pool's threads for the cores), so the hand-off makes no closure of its own.
function enterPool(): () => void {
  pooledInFlight++;
  return leavePool;
}

/** @internal Operations now on the thread pool (for tests of the scheduling). */
export const pooledOperations = (): number => pooledInFlight;

// Where an asymmetric operation runs: the table's choice for it alone or under load (counts it).
function routeFor(spec: AlgorithmSpec, operation: 'sign' | 'verify') {
  const choice = (plan ??= BACKEND_TABLE[currentRuntime()])[familyOf(spec)][operation];
  return runsNow() ? choice.alone : choice.concurrent;
}

// The native twin of `key`, when the native backend is in force and the key has one.
function twinOf(key: CryptoKey): KeyObjectLike | undefined {
  // One expression, so that the browser build (where `nodeCrypto` and `loadsLater` are constants)
  // folds it to undefined and leaves the native paths and the backend table out of bundles.
  return backend === 'auto' && (nodeCrypto !== undefined || (loadsLater && nativeNow() !== undefined))
    ? nativeKeyObject(nodeCrypto!, key)
    : undefined;
}

// Where the native backend loads later (Deno, Bun), an operation done by Web Crypto schedules its loading
// once the operation is over, so the first token is not kept waiting (on Deno: for the next operation).
function thenLoadNative<T>(operation: Promise<T>): Promise<T> {
  if (loadsLater && backend === 'auto' && nodeCrypto === undefined) void operation.then(loadNativeSoon, loadNativeSoon);
  return operation;
}

const webSignBase64url = (spec: AlgorithmSpec, key: CryptoKey, data: string | Uint8Array) =>
  thenLoadNative(webSign(spec, key, data).then(encodeBase64url));

/**
 * Signs `data` (a string is signed as its UTF-8 bytes) and returns the signature as base64url.
 * Synchronous where the native backend answers at once (HMAC always; others when nothing else is in flight).
 */
export function signBase64url(spec: AlgorithmSpec, key: CryptoKey, data: string | Uint8Array): string | Promise<string> {
  const twin = twinOf(key);
  if (twin === undefined) return webSignBase64url(spec, key, data);
  const native = nodeCrypto!;
  if (spec.name === 'HMAC') return nativeMacText(native, spec, twin, data);
  const route = routeFor(spec, 'sign');
  if (route === 'native') return nativeSignSync(native, spec, twin, data);
  if (route === 'pool') return nativeSignPooled(native, spec, twin, data, enterPool());
  return webSignBase64url(spec, key, data).finally(enterPool());
}

/**
 * Whether `segment` (canonical base64url) is the HMAC of `data`, checked synchronously in constant
 * time by the native backend; `undefined` where the key has no native twin (the caller then
 * verifies through {@link verifyBytes}).
 */
export function nativeMacMatches(spec: AlgorithmSpec, key: CryptoKey, data: string | Uint8Array, segment: string): boolean | undefined {
  const twin = twinOf(key);
  if (twin !== undefined) return macMatches(nodeCrypto!, spec, twin, data, segment);
}

/** Verifies `signature` over `data`; never throws or rejects for a bad signature. */
export function verifyBytes(
  spec: AlgorithmSpec,
  key: CryptoKey,
  signature: Uint8Array,
  data: string | Uint8Array,
): boolean | Promise<boolean> {
  const twin = twinOf(key);
  if (twin === undefined) return thenLoadNative(webVerify(spec, key, signature, data));
  const native = nodeCrypto!;
  if (spec.name === 'HMAC') return nativeVerifySync(native, spec, twin, signature, data);
  const route = routeFor(spec, 'verify');
  if (route === 'native') return nativeVerifySync(native, spec, twin, signature, data);
  if (route === 'pool') return nativeVerifyPooled(native, spec, twin, signature, data, enterPool());
  return webVerify(spec, key, signature, data).finally(enterPool());
}
