/**
 * The browser build's stand-in for `native-buffer.ts` (swapped in by tsup.config.ts): browsers have
 * no `Buffer`, so base64url and UTF-8 take their JavaScript paths.
 *
 * @module
 */
import type { NativeBuffer } from './native-buffer.js';

/** @internal Never present in the browser build. */
export const nativeBuffer: NativeBuffer | undefined = undefined;

/** @internal Browsers decode base64url with atob (base64url.ts). */
export const fromBase64url: ((text: string) => Uint8Array) | undefined = undefined;

/** @internal Browsers encode base64url with btoa (base64url.ts). */
export const toBase64url: ((bytes: Uint8Array) => string) | undefined = undefined;

/** @internal Nothing to load in the browser build. */
export function loadNativeBuffer(): void {}
