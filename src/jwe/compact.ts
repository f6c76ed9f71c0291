/**
 * The JWE compact serialization (RFC 7516 section 7.1): five strict base64url segments,
 * `header.encryptedKey.iv.ciphertext.tag`. The protected header is a JSON object with `alg` and
 * `enc` strings and no repeated member; the additional authenticated data is the ASCII of its
 * segment. The compact form has no unprotected or per-recipient header, so every header member
 * is protected. Nothing here is trusted yet: the content step authenticates it all.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { decodeCanonical, encodeBase64url, isCanonicalBase64url } from '../lib/base64url.js';
import { utf8 } from '../lib/utf8.js';
import { decodeHeader } from '../jws/parse.js';
import { malformedToken } from './failures.js';

/**
 * Default upper bound on a JWE's length, in characters. Larger than a JWS's 8192: the ciphertext
 * of a nested (signed) token, an `epk`, the IV and the tag all add to it, and a compressed claims
 * set is read only with `allowCompression`. Checked before anything is decoded.
 */
export const DEFAULT_MAX_JWE_LENGTH = 65_536;

/** @internal A compact JWE split and decoded; nothing is authenticated yet. */
export interface ParsedJwe {
  /** The decoded protected header: a JSON object with `alg` and `enc` strings. */
  readonly header: Record<string, unknown> & { alg: string; enc: string };
  /** The encrypted key (empty for `dir` and ECDH-ES direct agreement). */
  readonly encryptedKey: Uint8Array;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
  /** The additional authenticated data: the ASCII bytes of the protected header segment. */
  readonly aad: Uint8Array;
}

/** @internal The parts of a JWE, ready to serialize. */
export interface JweParts {
  /** The base64url protected header segment (the same text the AAD was made from). */
  readonly headerSegment: string;
  readonly encryptedKey: Uint8Array;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** @internal The additional authenticated data for a protected header segment (RFC 7516 section 5.1, step 14). */
export function additionalData(headerSegment: string): Uint8Array {
  return utf8(headerSegment); // base64url text is ASCII, so this is its ASCII encoding
}

function segment(text: string, name: string, mayBeEmpty: boolean): Uint8Array {
  if ((!mayBeEmpty && text.length === 0) || !isCanonicalBase64url(text)) {
    throw malformedToken(`the ${name} is ${text.length === 0 ? 'missing' : 'not canonical base64url'}`);
  }
  return decodeCanonical(text);
}

/**
 * @internal Splits and decodes a compact JWE. Throws `ERR_JWT_TOO_LARGE` or `ERR_JWT_MALFORMED`.
 * Lengths that depend on the algorithms (IV, tag, encrypted key) are checked once they are allowed.
 */
export function parseCompactJwe(token: unknown, maxLength: number): ParsedJwe {
  if (typeof token !== 'string') throw malformedToken('a token must be a string');
  // Checked first, so nothing below ever works on an oversized input.
  if (token.length > maxLength) {
    throw new JwtError('ERR_JWT_TOO_LARGE', `Token is longer than the limit of ${maxLength} characters`);
  }
  const parts = token.split('.', 6);
  if (parts.length !== 5) {
    const hint = parts.length === 3 ? ' (three segments: a signed JWS, not an encrypted JWE)' : '';
    throw malformedToken(`a compact JWE has exactly five segments separated by four dots${hint}`);
  }
  const [headerSegment, keySegment, ivSegment, ciphertextSegment, tagSegment] = parts as [string, string, string, string, string];
  if (headerSegment.length === 0) throw malformedToken('the protected header is missing');
  const header = decodeHeader(headerSegment);
  if (typeof header.enc !== 'string') throw malformedToken('the header has no "enc" string');
  return {
    header: header as ParsedJwe['header'],
    encryptedKey: segment(keySegment, 'encrypted key', true),
    iv: segment(ivSegment, 'initialization vector', false),
    // Empty plaintext under AES-GCM gives empty ciphertext.
    ciphertext: segment(ciphertextSegment, 'ciphertext', true),
    tag: segment(tagSegment, 'authentication tag', false),
    aad: additionalData(headerSegment),
  };
}

/** @internal Writes the compact serialization. */
export function serializeCompactJwe(parts: JweParts): string {
  return [
    parts.headerSegment,
    encodeBase64url(parts.encryptedKey),
    encodeBase64url(parts.iv),
    encodeBase64url(parts.ciphertext),
    encodeBase64url(parts.tag),
  ].join('.');
}
