/**
 * Type rules for the registered claims, shared by signing (refuse to make a bad token) and
 * verifying (refuse to trust one). Strict: `exp: "never"`, `exp: null`, `1e400` are all wrong,
 * never skipped because they are falsy or odd.
 *
 * @module
 */
import { JwtError } from '../errors.js';

const NUMERIC = ['exp', 'nbf', 'iat'] as const;
const STRINGS = ['iss', 'sub', 'jti'] as const;

/** @internal Throws `code` naming the first registered claim of the wrong type. */
export function checkRegisteredClaimTypes(
  claims: Record<string, unknown>,
  code: 'ERR_JWT_CLAIM_INVALID' | 'ERR_INVALID_ARGUMENT',
): void {
  for (const name of NUMERIC) {
    const value = claims[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new JwtError(code, `The "${name}" claim must be a finite number of seconds`, { claim: name });
    }
  }
  for (const name of STRINGS) {
    const value = claims[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new JwtError(code, `The "${name}" claim must be a string`, { claim: name });
    }
  }
  const aud = claims.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw new JwtError(code, 'The "aud" claim must be a string or an array of strings', { claim: 'aud' });
  }
}
