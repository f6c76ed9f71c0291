/**
 * What the page can tell about an encrypted token (JWE) without its key: that it is one (five
 * parts, a header with `alg` and `enc`) and its protected header, which is not encrypted.
 *
 * @module
 */
import { decodeBase64url } from 'webjwt';

/** The five parts of a compact JWE, in order, with the class that colours each. */
export const JWE_PARTS = [
  ['part-header', 'protected header'],
  ['part-key', 'encrypted key'],
  ['part-iv', 'initialization vector'],
  ['part-ciphertext', 'ciphertext'],
  ['part-tag', 'authentication tag'],
] as const;

/** A JWE's protected header, read without decrypting; undefined when `token` is no JWE. */
export function jweHeader(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 5) return undefined;
  const bytes = decodeBase64url(parts[0]!);
  if (bytes === undefined) return undefined;
  try {
    const header: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
    const { alg, enc } = header as Record<string, unknown>;
    return typeof alg === 'string' && typeof enc === 'string' ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The byte length of each part, or undefined for a part that is not base64url. */
export function partSizes(token: string): (number | undefined)[] {
  return token.split('.').map((part) => decodeBase64url(part)?.length);
}
