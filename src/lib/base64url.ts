/**
 * Strict base64url (RFC 4648 section 5, no padding) as JWS requires (RFC 7515 section 2).
 * Decoding refuses anything non-canonical: padding, `+`, `/`, whitespace, impossible lengths and
 * non-zero trailing bits, so that one token has exactly one encoding.
 *
 * @module
 */

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
 */
export function encodeBase64url(bytes: Uint8Array): string {
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

/**
 * Decodes canonical unpadded base64url, or returns `undefined` when `text` is not canonical.
 * Callers turn `undefined` into the error that fits their context.
 *
 * @param text - Unpadded base64url.
 * @returns The bytes, or `undefined` for padding, `+`, `/`, whitespace, impossible lengths or non-zero trailing bits.
 * @throws Never: invalid input gives `undefined`.
 *
 * @example
 * ```ts
 * decodeBase64url('aGk'); // Uint8Array [104, 105]
 * decodeBase64url('aGk='); // undefined: padding is not canonical
 * ```
 */
export function decodeBase64url(text: string): Uint8Array | undefined {
  const n = text.length;
  const rest = n & 3;
  if (rest === 1) return undefined;
  const out = new Uint8Array(((n >> 2) * 3) + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  const full = n - rest;
  for (; i < full; i += 4) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2), d = sextet(text, i + 3);
    if ((a | b | c | d) > 63) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (rest === 2) {
    const a = sextet(text, i), b = sextet(text, i + 1);
    // The 4 low bits of b are beyond the last byte and must be zero.
    if ((a | b) > 63 || (b & 15) !== 0) return undefined;
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2);
    if ((a | b | c) > 63 || (c & 3) !== 0) return undefined;
    const v = (a << 12) | (b << 6) | c;
    out[o++] = v >> 10;
    out[o] = (v >> 2) & 255;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? DECODE[code]! : 255;
}
