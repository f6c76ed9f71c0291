/**
 * The native backend: `node:crypto` where the runtime offers it (Node, Bun, Deno), reached without a
 * static import so browser bundles never see it. Results are identical to Web Crypto's; it exists
 * because each `crypto.subtle` call on Node costs a round trip through the thread pool, while cheap
 * operations (HMAC, RSA verify, ECDSA, Ed25519) finish faster synchronously.
 *
 * @module
 */
import type { AlgorithmSpec } from './algorithms.js';
import { encodeBase64url } from './base64url.js';
import { equalsConstantTime } from './constant-time.js';
import { currentRuntime } from './backend-table.js';
import { loadNativeBuffer, nativeBuffer } from './native-buffer.js';
import { type PadsMac, padsMac } from './native-hmac.js';

// The few members of node:crypto this module uses.
/** @internal A node:crypto KeyObject, as far as this module needs it. */
export interface KeyObjectLike {
  readonly type: string;
  /** The bytes of a secret key. */
  export(): Uint8Array;
}
/** @internal A Buffer returned by node:crypto: bytes that encode themselves natively. */
export type NativeBytes = Uint8Array & { toString(encoding: 'base64url'): string };
/** @internal The members of node:crypto this module uses. */
export interface NodeCrypto {
  KeyObject: { from(key: CryptoKey): KeyObjectLike };
  createSecretKey(key: Uint8Array): KeyObjectLike;
  createPublicKey(key: unknown): KeyObjectLike;
  createPrivateKey(key: unknown): KeyObjectLike;
  createHash(hash: string): { update(data: Uint8Array): { digest(): Uint8Array } };
  createHmac(hash: string, key: KeyObjectLike): {
    update(data: string | Uint8Array): { digest(): NativeBytes; digest(encoding: 'base64url'): string };
  };
  sign(hash: string | null, data: string | Uint8Array, key: unknown): NativeBytes;
  sign(hash: string | null, data: string | Uint8Array, key: unknown, callback: (err: Error | null, sig: NativeBytes) => void): void;
  verify(hash: string | null, data: string | Uint8Array, key: unknown, signature: Uint8Array): boolean;
  verify(
    hash: string | null,
    data: string | Uint8Array,
    key: unknown,
    signature: Uint8Array,
    callback: (err: Error | null, ok: boolean) => void,
  ): void;
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  constants: { RSA_PKCS1_PSS_PADDING: number };
}

function loadNodeCrypto(): NodeCrypto | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return mod && typeof mod.KeyObject?.from === 'function' && typeof mod.createHmac === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

// On Deno the first built-in module (node:buffer, then node:crypto) takes 60-130 ms to load, 20x
// what Web Crypto needs for a whole first token (bench/README.md, cold start); on Bun node:crypto
// alone takes 8-26 ms, more than node-rs's whole cold start, while Bun's Web Crypto imports a key in
// 0.1-0.4 ms. There, Web Crypto serves until the first token is done; then node:crypto is loaded:
// on Bun in a later task, on Deno when the next operation starts (there the first setTimeout alone
// costs 17-30 ms: it loads Deno's Node-compatible timers). Loading it in the background any earlier
// does not help: Deno evaluates it on the main thread, so the first token waits behind it all the
// same. On Node it loads at import: there the first use of crypto.subtle loads the same internals
// (5 ms), so waiting would save nothing.
const runtime = currentRuntime();
/** @internal Whether the native backend loads after the first token (Deno, Bun) rather than at import. */
export const loadsLater: boolean = runtime !== 'node';
const loadsAtNextUse = runtime === 'deno';

/** @internal `node:crypto`, or undefined in browsers and runtimes without it (on Deno and Bun: until loaded). */
export let nodeCrypto: NodeCrypto | undefined = loadsLater ? undefined : loadNodeCrypto();

let loadScheduled = !loadsLater;
// Deno: the first token is done, the next operation loads the backend before it runs.
let loadPending = false;

/** @internal Loads the native backend now where it loads later (Deno, Bun); returns it, if any. */
export function loadNativeNow(): NodeCrypto | undefined {
  if (!loadsLater || nodeCrypto !== undefined) return nodeCrypto;
  loadScheduled = true;
  loadNativeBuffer();
  nodeCrypto = loadNodeCrypto();
  return nodeCrypto;
}

// Runs `work` in a task of its own, after the caller's current work, without keeping the process
// alive for it (a CLI that verifies one token exits at once).
function inLaterTask(work: () => void): void {
  const timer: unknown = setTimeout(work, 0);
  if (typeof (timer as { unref?: unknown }).unref === 'function') (timer as { unref(): void }).unref(); // Node, Bun
  else (globalThis as { Deno?: { unrefTimer?(id: unknown): void } }).Deno?.unrefTimer?.(timer);
}

/**
 * @internal Where the native backend loads later (Deno, Bun), called once the first token is done:
 * schedules its loading in a later task (Bun), or for the start of the next operation (Deno).
 */
export function loadNativeSoon(): void {
  if (loadScheduled) return;
  loadScheduled = true;
  if (loadsAtNextUse) loadPending = true;
  else inLaterTask(loadNativeNow);
}

/** @internal The native backend, loading it first if {@link loadNativeSoon} left it for this moment. */
export function nativeNow(): NodeCrypto | undefined {
  return nodeCrypto ?? (loadPending ? loadNativeNow() : undefined);
}

// HMAC from one-shot hashes where the runtime has them (see native-hmac.ts). Its known-answer check
// against createHmac costs 2-4 ms in a fresh process, so it does not run at import: the first HMAC
// is made by createHmac, and the check runs in a later task after it. HMACs made before that task
// (a CLI that signs then verifies, a short burst) use createHmac too, rather than wait 2-4 ms for
// the check; a burst long enough to repay it (a loop of awaited tokens never yields to a timer)
// runs the check at its CHECK_IN_BURST-th HMAC. `checkedFor` is the module the check ran against
// (the backend may load later).
let fastMac: PadsMac | undefined;
let checkedFor: NodeCrypto | undefined;
let checkScheduled = false;
let uncheckedMacs = 0;
// createHmac takes about 2 µs more per 280-byte token than the one-shot hashes (4.2 against 2.0-2.4
// µs, Node 20), so 256 tokens lose about 0.5 ms, less than the check (2-4 ms) would hold up the second.
const CHECK_IN_BURST = 256;

function checkFastMac(): void {
  const native = nodeCrypto;
  if (native === undefined || checkedFor === native) return;
  checkedFor = native;
  fastMac = padsMac(native);
}

/** @internal The one-shot HMAC in force for `native`: undefined until its check has run (then createHmac serves). */
export function fastMacFor(native: NodeCrypto): PadsMac | undefined {
  if (checkedFor === native) return fastMac;
  if (!checkScheduled) {
    checkScheduled = true;
    uncheckedMacs = 1;
    inLaterTask(checkFastMac);
    return undefined;
  }
  if (++uncheckedMacs < CHECK_IN_BURST) return undefined;
  checkFastMac();
  return checkedFor === native ? fastMac : undefined;
}

const HASH_NAME = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

// Each CryptoKey's native twin, made once: from the material it was imported from where we saw it,
// else by KeyObject.from for extractable keys (runtimes deprecate it for non-extractable ones).
const keyObjects = new WeakMap<CryptoKey, KeyObjectLike>();

type NativeKeyFormat = 'raw' | 'spki' | 'pkcs8' | 'jwk';
// Material of keys imported before the native backend was loaded (Deno), to make their twins from.
const laterTwins = new WeakMap<CryptoKey, { format: NativeKeyFormat; material: Uint8Array | JsonWebKey }>();

/** @internal Keeps a copy of the material a key was imported from until the native backend loads. */
export function rememberMaterialForLater(key: CryptoKey, format: NativeKeyFormat, material: Uint8Array | JsonWebKey): void {
  if (!loadsLater) return;
  laterTwins.set(key, { format, material: material instanceof Uint8Array ? material.slice() : { ...material } });
}

/** @internal Makes the native twin of a key from the same material Web Crypto imported. */
export function rememberNativeKey(
  native: NodeCrypto,
  key: CryptoKey,
  format: NativeKeyFormat,
  material: Uint8Array | JsonWebKey,
): void {
  try {
    let object: KeyObjectLike;
    if (format === 'raw') object = native.createSecretKey(material as Uint8Array);
    else if (format === 'spki') object = native.createPublicKey({ key: material, format: 'der', type: 'spki' });
    else if (format === 'pkcs8') object = native.createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
    else if (key.type === 'private') object = native.createPrivateKey({ key: material, format: 'jwk' });
    else object = native.createPublicKey({ key: material, format: 'jwk' });
    keyObjects.set(key, object);
  } catch {
    // No twin: operations on this key fall back to Web Crypto.
  }
}

/** @internal The native twin of `key`, or undefined when there is none (Web Crypto is used then). */
export function nativeKeyObject(native: NodeCrypto, key: CryptoKey): KeyObjectLike | undefined {
  let object = keyObjects.get(key);
  const later = object === undefined ? laterTwins.get(key) : undefined;
  if (later !== undefined) {
    laterTwins.delete(key);
    rememberNativeKey(native, key, later.format, later.material);
    object = keyObjects.get(key);
  }
  if (object === undefined && key.extractable) {
    try {
      object = native.KeyObject.from(key);
    } catch {
      return undefined;
    }
    keyObjects.set(key, object);
  }
  return object;
}

// node:crypto's sign and verify document bytes only; HMAC update takes strings natively.
function bytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? nativeBuffer!.from(data, 'utf8') : data;
}

function hashOf(spec: AlgorithmSpec): string | null {
  return spec.hash === undefined ? null : HASH_NAME[spec.hash];
}

// The options node:crypto takes with a key, made once per key and algorithm rather than per token
// (node:crypto only reads them). Keyed by the twin and checked against the spec, so a key used
// under another algorithm never gets the first one's padding or encoding.
const paramsOf = new WeakMap<KeyObjectLike, { readonly spec: AlgorithmSpec; readonly params: unknown }>();

/** @internal The key argument of node:crypto's sign/verify for `spec` (tests check it is never shared across algorithms). */
export function keyParams(native: NodeCrypto, spec: AlgorithmSpec, object: KeyObjectLike): unknown {
  if (spec.name !== 'RSA-PSS' && spec.name !== 'ECDSA') return object;
  const cached = paramsOf.get(object);
  if (cached !== undefined && cached.spec === spec) return cached.params;
  const params = Object.freeze(
    spec.name === 'RSA-PSS'
      ? { key: object, padding: native.constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.signParams.saltLength }
      : // JOSE signatures are raw r||s, not DER.
        { key: object, dsaEncoding: 'ieee-p1363' },
  );
  paramsOf.set(object, { spec, params });
  return params;
}

/**
 * @internal The HMAC of `data` as base64url text, straight from native code: producing text costs
 * less than producing a Buffer, and the token needs text anyway.
 */
export function nativeMacText(
  native: NodeCrypto,
  spec: AlgorithmSpec,
  key: KeyObjectLike,
  data: string | Uint8Array,
  fast: PadsMac | undefined = fastMacFor(native),
): string {
  const hash = HASH_NAME[spec.hash!];
  return fast?.mac(hash, key, data) ?? native.createHmac(hash, key).update(data).digest('base64url');
}

/**
 * @internal Whether `segment`, canonical base64url, is the HMAC of `data`, compared in constant time.
 * This is how tokens are verified: no Buffer is made for either MAC.
 */
export function nativeMacMatches(
  native: NodeCrypto,
  spec: AlgorithmSpec,
  key: KeyObjectLike,
  data: string | Uint8Array,
  segment: string,
  fast: PadsMac | undefined = fastMacFor(native),
): boolean {
  const hash = HASH_NAME[spec.hash!];
  return (
    fast?.matches(hash, key, data, segment) ??
    equalsConstantTime(native.createHmac(hash, key).update(data).digest('base64url'), segment)
  );
}

/** @internal Signs with RSA, ECDSA or EdDSA on the calling thread (HMAC: {@link nativeMacText}); base64url out. */
export function nativeSignSync(native: NodeCrypto, spec: AlgorithmSpec, key: KeyObjectLike, data: string | Uint8Array): string {
  return native.sign(hashOf(spec), bytes(data), keyParams(native, spec, key)).toString('base64url');
}

/** @internal Signs on libuv's thread pool, so expensive signatures spread over the cores. Calls `settled` once, when done. */
export function nativeSignPooled(
  native: NodeCrypto,
  spec: AlgorithmSpec,
  key: KeyObjectLike,
  data: string | Uint8Array,
  settled: () => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      native.sign(hashOf(spec), bytes(data), keyParams(native, spec, key), (err, sig) => {
        settled();
        if (err) reject(err);
        else resolve(sig.toString('base64url'));
      });
    } catch (err) {
      settled();
      reject(err);
    }
  });
}

/** @internal Verifies synchronously; MACs are compared in constant time. */
export function nativeVerifySync(
  native: NodeCrypto,
  spec: AlgorithmSpec,
  key: KeyObjectLike,
  signature: Uint8Array,
  data: string | Uint8Array,
): boolean {
  try {
    // The same MAC path as tokens take (see signature.ts), with the signature as canonical base64url.
    if (spec.name === 'HMAC') return nativeMacMatches(native, spec, key, data, encodeBase64url(signature));
    return native.verify(hashOf(spec), bytes(data), keyParams(native, spec, key), signature);
  } catch {
    return false;
  }
}

/** @internal Verifies an asymmetric signature on libuv's thread pool. Never rejects: errors mean invalid. Calls `settled` once. */
export function nativeVerifyPooled(
  native: NodeCrypto,
  spec: AlgorithmSpec,
  key: KeyObjectLike,
  signature: Uint8Array,
  data: string | Uint8Array,
  settled: () => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      native.verify(hashOf(spec), bytes(data), keyParams(native, spec, key), signature, (err, ok) => {
        settled();
        resolve(!err && ok);
      });
    } catch {
      settled();
      resolve(false);
    }
  });
}
