/**
 * Digests as hex text, for runtimes whose one-shot hash makes hex natively and every other encoding
 * through a JavaScript `Buffer` (Deno; see native-hmac.ts): there moving 32-64 bytes with a small
 * loop here costs less than any conversion the runtime offers.
 *
 * @module
 */
import { DECODE } from './base64url.js';

// Char code -> value of a lowercase hex digit (node:crypto writes hex in lowercase; the known-answer
// check in native-hmac.ts would catch anything else).
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

const byteAt = (hex: string, index: number): number =>
  (HEX_VALUE[hex.charCodeAt(2 * index)]! << 4) | HEX_VALUE[hex.charCodeAt(2 * index + 1)]!;

/** @internal Writes the bytes of lowercase hex text `hex` into `out` from `offset`. */
export function writeHexDigest(hex: string, out: Uint8Array, offset: number): void {
  const length = hex.length >> 1;
  for (let i = 0; i < length; i++) out[offset + i] = byteAt(hex, i);
}

/**
 * @internal True when `segment` is the canonical base64url of the bytes `hex` spells. Every
 * character of `segment` is visited whatever the outcome (time reveals only its length, which for
 * a MAC is public); another length, characters outside the alphabet and non-zero trailing bits all
 * mean no match.
 */
export function hexDigestMatches(hex: string, segment: string): boolean {
  // The unpadded length of the digest's encoding (public: fixed by the algorithm).
  if (segment.length !== Math.ceil((hex.length * 2) / 3)) return false;
  let difference = 0;
  let invalid = 0;
  let bits = 0;
  let buffered = 0;
  let index = 0;
  for (let i = 0; i < segment.length; i++) {
    const value = DECODE[segment.charCodeAt(i)] ?? 255;
    invalid |= value;
    buffered = ((buffered << 6) | (value & 63)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      difference |= ((buffered >> bits) & 255) ^ byteAt(hex, index);
      index++;
    }
  }
  difference |= buffered & ((1 << bits) - 1); // the bits past the last byte must be zero
  return difference === 0 && (invalid & 0xc0) === 0 && index * 2 === hex.length;
}
