/**
 * Type rules for the registered claims, shared by signing (refuse to make a bad token) and
 * verifying (refuse to trust one). Strict: `exp: "never"`, `exp: null`, `1e400` are all wrong,
 * never skipped because they are falsy or odd.
 *
 * @module
 */
import { JwtError } from '../errors.js';

type Code = 'ERR_JWT_CLAIM_INVALID' | 'ERR_INVALID_ARGUMENT';

// Spelled out claim by claim rather than looped over names: named property reads are the fast
// kind in JavaScript engines, and this runs for every token signed and verified.
/** @internal Throws `code` naming the first registered claim of the wrong type. */
export function checkRegisteredClaimTypes(claims: Record<string, unknown>, code: Code): void {
  checkSeconds(claims.exp, 'exp', code);
  checkSeconds(claims.nbf, 'nbf', code);
  checkSeconds(claims.iat, 'iat', code);
  checkString(claims.iss, 'iss', code);
  checkString(claims.sub, 'sub', code);
  checkString(claims.jti, 'jti', code);
  const aud = claims.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw new JwtError(code, 'The "aud" claim must be a string or an array of strings', { claim: 'aud' });
  }
}

function checkSeconds(value: unknown, name: string, code: Code): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new JwtError(code, `The "${name}" claim must be a finite number of seconds`, { claim: name });
  }
}

function checkString(value: unknown, name: string, code: Code): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new JwtError(code, `The "${name}" claim must be a string`, { claim: name });
  }
}
