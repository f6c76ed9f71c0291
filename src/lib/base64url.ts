/**
 * Strict base64url (RFC 4648 section 5, no padding) as JWS requires (RFC 7515 section 2).
 * Decoding refuses anything non-canonical: padding, `+`, `/`, whitespace, impossible lengths and
 * non-zero trailing bits, so that one token has exactly one encoding.
 *
 * @module
 */

import { fromBase64url, nativeBuffer, toBase64url } from './native-buffer.js';
import { fromUtf8, utf8 } from './utf8.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** @internal Char code -> 6-bit value, 255 for characters outside the alphabet (codes 0-127 only). */
export const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as unpadded base64url.
 *
 * @param bytes - The bytes to encode.
 * @returns The base64url text, without padding.
 * @throws Never.
 *
 * @example
 * ```ts
 * encodeBase64url(new TextEncoder().encode('hi')); // 'aGk'
 * ```
 *
 * @category Decoding and compact JWS
 */
export function encodeBase64url(bytes: Uint8Array): string {
  if (toBase64url !== undefined) return toBase64url(bytes);
  if (nativeBuffer !== undefined) return nativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return encodeInJs(bytes);
}

/** @internal Encodes a string's UTF-8 bytes as base64url (one native step where Buffer exists). */
export function encodeBase64urlText(text: string): string {
  if (toBase64url !== undefined) return toBase64url(utf8(text));
  return nativeBuffer !== undefined ? nativeBuffer.from(text, 'utf8').toString('base64url') : encodeInJs(utf8(text));
}

// Without Buffer (browsers, and Deno's first token): the runtime's own base64 over a binary string.
function encodeInJs(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/[+/=]/g, toUrlSafe);
}

const toUrlSafe = (c: string) => (c === '+' ? '-' : c === '/' ? '_' : '');

// Canonical means: only the alphabet, a possible length, and zero bits past the last byte.
const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;

/** @internal True when `text` is canonical unpadded base64url (see {@link decodeBase64url}). */
export function isCanonicalBase64url(text: string): boolean {
  const rest = text.length & 3;
  if (rest === 1 || !ALPHABET_ONLY.test(text)) return false;
  if (rest === 0) return true;
  const last = DECODE[text.charCodeAt(text.length - 1)]!;
  return (last & (rest === 2 ? 15 : 3)) === 0;
}

/**
 * Decodes canonical unpadded base64url, or returns `undefined` when `text` is not canonical
 * (padding, `+`, `/`, whitespace, an impossible length or non-zero trailing bits).
 *
 * @param text - base64url text.
 * @returns The bytes, or `undefined`.
 * @throws Never.
 *
 * @example
 * ```ts
 * decodeBase64url('aGk'); // Uint8Array [104, 105]
 * decodeBase64url('aGk='); // undefined: padding is not canonical
 * ```
 *
 * @category Decoding and compact JWS
 */
export function decodeBase64url(text: string): Uint8Array | undefined {
  return isCanonicalBase64url(text) ? decodeCanonical(text) : undefined;
}

/** @internal Decodes text that {@link isCanonicalBase64url} has already accepted (not checked again). */
export function decodeCanonical(text: string): Uint8Array {
  if (fromBase64url !== undefined) return fromBase64url(text);
  if (nativeBuffer === undefined) return decodeInJs(text);
  const buffer = nativeBuffer.from(text, 'base64url');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** @internal Decodes canonical base64url holding UTF-8 text; `undefined` if either is invalid. */
export function decodeBase64urlText(text: string): string | undefined {
  if (!isCanonicalBase64url(text)) return undefined;
  if (fromBase64url !== undefined) return fromUtf8(fromBase64url(text));
  if (nativeBuffer !== undefined) {
    const decoded = nativeBuffer.from(text, 'base64url').toString('utf8');
    // Buffer replaces invalid UTF-8 with U+FFFD; only then is the strict decoder needed to tell.
    if (!decoded.includes('\uFFFD')) return decoded;
  }
  return fromUtf8(decodeInJs(text));
}

// Only called on text isCanonicalBase64url has accepted, which atob decodes (padding is optional
// there) once spelled in the standard alphabet.
function decodeInJs(text: string): Uint8Array {
  const binary = atob(text.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
