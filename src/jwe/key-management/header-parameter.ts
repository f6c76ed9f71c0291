/**
 * Reading base64url header parameters of key management (`iv`, `tag`, `p2s`): a missing or
 * ill-formed one is visible in the token, so it is `ERR_JWT_MALFORMED`, found before any crypto.
 *
 * @module
 */
import { decodeBase64url } from '../../lib/base64url.js';
import { malformed } from '../failures.js';

/**
 * @internal The bytes of header parameter `name` (canonical base64url). `ERR_JWT_MALFORMED` when it
 * is missing, not a string, not canonical base64url, or (with `length`) not exactly that many bytes.
 */
export function bytesParameter(header: Readonly<Record<string, unknown>>, name: string, length?: number): Uint8Array {
  const value = Object.hasOwn(header, name) ? header[name] : undefined;
  if (typeof value !== 'string') throw malformed(`The JWE header has no "${name}" (base64url)`);
  const bytes = decodeBase64url(value);
  if (bytes === undefined) throw malformed(`The JWE header "${name}" is not canonical base64url`);
  if (length !== undefined && bytes.length !== length) {
    throw malformed(`The JWE header "${name}" must be ${length} bytes`);
  }
  return bytes;
}
