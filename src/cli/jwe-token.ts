/**
 * What the CLI can tell about an encrypted token (JWE) without its key: that it is one (five
 * segments), its protected header, which is not encrypted, and the sizes of its parts. And how a
 * decrypted plaintext is shown: as text when it is UTF-8, else as base64url.
 *
 * @module
 */
import { encodeBase64url, type JweHeader } from '../index.js';
import { DEFAULT_MAX_JWE_LENGTH, parseCompactJwe } from '../jwe/compact.js';
import { isNestedJwt } from '../jwe/header.js';
import { fromUtf8 } from '../lib/utf8.js';

/** True for a token of five segments: the compact JWE shape (a JWS has three). */
export function looksLikeJwe(token: string): boolean {
  return token.split('.', 6).length === 5;
}

/** The protected header and part sizes of a JWE, read without decrypting anything. */
export interface JweOutline {
  header: JweHeader;
  /** Byte lengths of the encrypted key, IV, ciphertext and tag. */
  sizes: { encryptedKey: number; iv: number; ciphertext: number; tag: number };
  /** `cty: "JWT"`: the plaintext is a signed JWT (signed, then encrypted). */
  nested: boolean;
}

/** Parses a compact JWE's format; throws `ERR_JWT_MALFORMED` or `ERR_JWT_TOO_LARGE` as decryption would. */
export function outlineJwe(token: string): JweOutline {
  const parsed = parseCompactJwe(token, DEFAULT_MAX_JWE_LENGTH);
  const header = parsed.header as JweHeader;
  return {
    header,
    sizes: { encryptedKey: parsed.encryptedKey.length, iv: parsed.iv.length, ciphertext: parsed.ciphertext.length, tag: parsed.tag.length },
    nested: isNestedJwt(header),
  };
}

/** A plaintext as printable text: UTF-8 without control characters (other than tab and newlines), else base64url. */
export function showPlaintext(bytes: Uint8Array): { encoding: 'utf8' | 'base64url'; text: string } {
  const text = fromUtf8(bytes);
  // Control characters would reach the terminal as escape sequences: a token must not drive the terminal.
  if (text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)) return { encoding: 'utf8', text };
  return { encoding: 'base64url', text: encodeBase64url(bytes) };
}
