/**
 * Strict base64url (RFC 4648 section 5, no padding) as JWS requires (RFC 7515 section 2).
 * Decoding refuses anything non-canonical: padding, `+`, `/`, whitespace, impossible lengths and
 * non-zero trailing bits, so that one token has exactly one encoding.
 *
 * @module
 */

import { nativeBuffer } from './native-buffer.js';
import { fromUtf8, utf8 } from './utf8.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// char code -> 6-bit value, 255 for characters outside the alphabet.
const DECODE = new Uint8Array(128).fill(255);
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
  if (nativeBuffer !== undefined) return nativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return encodeInJs(bytes);
}

/** @internal Encodes a string's UTF-8 bytes as base64url (one native step where Buffer exists). */
export function encodeBase64urlText(text: string): string {
  return nativeBuffer !== undefined ? nativeBuffer.from(text, 'utf8').toString('base64url') : encodeInJs(utf8(text));
}

function encodeInJs(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]!;
  }
  return out;
}

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
  if (nativeBuffer === undefined) return decodeInJs(text);
  const buffer = nativeBuffer.from(text, 'base64url');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** @internal Decodes canonical base64url holding UTF-8 text; `undefined` if either is invalid. */
export function decodeBase64urlText(text: string): string | undefined {
  if (!isCanonicalBase64url(text)) return undefined;
  if (nativeBuffer !== undefined) {
    const decoded = nativeBuffer.from(text, 'base64url').toString('utf8');
    // Buffer replaces invalid UTF-8 with U+FFFD; only then is the strict decoder needed to tell.
    if (!decoded.includes('\uFFFD')) return decoded;
  }
  return fromUtf8(decodeInJs(text));
}

function decodeInJs(text: string): Uint8Array {
  const n = text.length;
  const rest = n & 3;
  const out = new Uint8Array(((n >> 2) * 3) + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  const full = n - rest;
  for (; i < full; i += 4) {
    const v = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (rest === 2) {
    out[o] = (sextet(text, i) << 2) | (sextet(text, i + 1) >> 4);
  } else if (rest === 3) {
    const v = (sextet(text, i) << 12) | (sextet(text, i + 1) << 6) | sextet(text, i + 2);
    out[o++] = v >> 10;
    out[o] = (v >> 2) & 255;
  }
  return out;
}

// Only called on text isCanonical has accepted.
function sextet(text: string, i: number): number {
  return DECODE[text.charCodeAt(i)]!;
}
