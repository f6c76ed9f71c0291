/**
 * Type rules for the registered claims, shared by signing (refuse to make a bad token) and
 * verifying (refuse to trust one). Strict: `exp: "never"`, `exp: null`, `1e400` are all wrong,
 * never skipped because they are falsy or odd; so are times in milliseconds or beyond year 9999
 * (see numeric-date.ts).
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { isNumericDate, numericDateProblem } from '../lib/numeric-date.js';

/** @internal How strict the rules are, and the code a failure carries. */
export interface ClaimRules {
  readonly code: 'ERR_JWT_CLAIM_INVALID' | 'ERR_INVALID_ARGUMENT';
  /**
   * Times must be whole seconds. True when signing: we only make tokens any verifier accepts.
   * False when verifying, as RFC 7519 allows fractions (some issuers send `iat: 1764460800.25`).
   */
  readonly wholeSeconds: boolean;
  /** Messages may quote a bad value: the caller's own input may be, a token's contents never are. */
  readonly showValues: boolean;
}

/** @internal Rules for claims we are about to sign. */
export const SIGNING: ClaimRules = { code: 'ERR_INVALID_ARGUMENT', wholeSeconds: true, showValues: true };
/** @internal Rules for claims of a token being verified. */
export const VERIFYING: ClaimRules = { code: 'ERR_JWT_CLAIM_INVALID', wholeSeconds: false, showValues: false };

// Spelled out claim by claim rather than looped over names: named property reads are the fast
// kind in JavaScript engines, and this runs for every token signed and verified.
/** @internal Throws `rules.code` naming the first registered claim of the wrong type. */
export function checkRegisteredClaimTypes(claims: Record<string, unknown>, rules: ClaimRules): void {
  checkSeconds(claims.exp, 'exp', rules);
  checkSeconds(claims.nbf, 'nbf', rules);
  checkSeconds(claims.iat, 'iat', rules);
  checkString(claims.iss, 'iss', rules);
  checkString(claims.sub, 'sub', rules);
  checkString(claims.jti, 'jti', rules);
  const aud = claims.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw new JwtError(rules.code, 'The "aud" claim must be a string or an array of strings', { claim: 'aud' });
  }
}

function checkSeconds(value: unknown, name: string, rules: ClaimRules): void {
  if (value === undefined || (isNumericDate(value) && (!rules.wholeSeconds || Number.isInteger(value)))) return;
  const problem = numericDateProblem(value, rules.wholeSeconds, rules.showValues)!;
  throw new JwtError(rules.code, `The "${name}" claim ${problem}`, { claim: name });
}

function checkString(value: unknown, name: string, rules: ClaimRules): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new JwtError(rules.code, `The "${name}" claim must be a string`, { claim: name });
  }
}
