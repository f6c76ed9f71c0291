/**
 * Byte helpers for the portable suites: hex, base64url and UTF-8 written on plain web APIs, so the
 * suites run in browsers (no `Buffer`). Deliberately independent of the library's own codec, so a
 * bug there cannot hide itself in the tests.
 *
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Encodes bytes (or a string, as UTF-8) as unpadded base64url. */
export function b64u(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(value >> bits) & 63];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (6 - bits)) & 63];
  return out;
}

/** Decodes base64url (tolerant: for reading fixtures, never for checking the library). */
export function fromB64u(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.replace(/=+$/, '')) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not base64url: ${JSON.stringify(ch)}`);
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 255);
    }
    value &= (1 << bits) - 1;
  }
  return new Uint8Array(out);
}

/** The base64url of a value's JSON text: one token segment. */
export function jsonSegment(value: unknown): string {
  return b64u(JSON.stringify(value));
}

/** Decodes hex (as Wycheproof writes byte strings). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('odd-length hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

/** Text of UTF-8 bytes. */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** The three segments of a compact token, for string surgery. */
export function segments(token: string): [header: string, payload: string, signature: string] {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`expected three segments, got ${parts.length}`);
  return parts as [string, string, string];
}

/** A token's decoded header and payload (no checks: for reading what the library signed). */
export function peek(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = segments(token);
  return { header: JSON.parse(fromUtf8(fromB64u(h))), payload: JSON.parse(fromUtf8(fromB64u(p))) };
}

/**
 * HMAC-SHA-256 over `header.payload` exactly as given, with Web Crypto directly: forges tokens whose
 * MAC is genuine but whose segments the library's signer would never produce.
 */
export async function forgeHs256(secret: Uint8Array, header: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(`${header}.${payload}`)));
  return `${header}.${payload}.${b64u(mac)}`;
}
