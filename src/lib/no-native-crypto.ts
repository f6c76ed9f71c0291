/**
 * The browser build's stand-in for `native-crypto.ts` (tsup.config.ts swaps it in for the package's
 * `browser` export). Browsers have no `node:crypto`: `nodeCrypto` is undefined, so the crypto facade
 * always takes Web Crypto, never calls the functions below, and no native code reaches a browser bundle.
 *
 * @module
 */
import type * as Native from './native-crypto.js';

/** @internal Never present in the browser build. */
export const nodeCrypto: Native.NodeCrypto | undefined = undefined;

const absent = (): never => {
  throw new Error('the native backend is not part of the browser build');
};

/** @internal Unreachable: `nodeCrypto` is undefined. */
export const rememberNativeKey: typeof Native.rememberNativeKey = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeKeyObject: typeof Native.nativeKeyObject = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeMacText: typeof Native.nativeMacText = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeMacMatches: typeof Native.nativeMacMatches = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeSignSync: typeof Native.nativeSignSync = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeSignPooled: typeof Native.nativeSignPooled = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeVerifySync: typeof Native.nativeVerifySync = absent;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const nativeVerifyPooled: typeof Native.nativeVerifyPooled = absent;
/** @internal Nothing loads later in the browser build. */
export const loadsLater = false;
/** @internal Nothing to load in the browser build. */
export const loadNativeNow: typeof Native.loadNativeNow = () => undefined;
/** @internal Nothing to load in the browser build. */
export const loadNativeSoon: typeof Native.loadNativeSoon = () => {};
/** @internal Nothing to remember in the browser build. */
export const rememberMaterialForLater: typeof Native.rememberMaterialForLater = () => {};
/** @internal Nothing to load in the browser build. */
export const nativeNow: typeof Native.nativeNow = () => undefined;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const fastMacFor: typeof Native.fastMacFor = () => undefined;
/** @internal Unreachable: `nodeCrypto` is undefined. */
export const keyParams: typeof Native.keyParams = absent;
