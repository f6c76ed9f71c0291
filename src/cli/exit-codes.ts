/**
 * Exit statuses, one per kind of failure, so scripts can tell an expired token from a forged one
 * without parsing messages.
 *
 * @module
 */
import type { JwtErrorCode } from '../index.js';

/** Every exit status the CLI uses. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  malformed: 3,
  signature: 4,
  algorithm: 5,
  expired: 6,
  notYetValid: 7,
  claim: 8,
  revoked: 9,
  key: 10,
  jwks: 11,
} as const;

const BY_CODE: Readonly<Record<JwtErrorCode, number>> = {
  ERR_JWT_MALFORMED: EXIT.malformed,
  ERR_JWT_TOO_LARGE: EXIT.malformed,
  ERR_JWS_SIGNATURE_INVALID: EXIT.signature,
  ERR_JWS_ALG_NOT_ALLOWED: EXIT.algorithm,
  ERR_JWS_CRIT_UNSUPPORTED: EXIT.algorithm,
  ERR_JWE_ALG_NOT_ALLOWED: EXIT.algorithm,
  ERR_JWE_DECRYPTION_FAILED: EXIT.signature,
  ERR_JWE_CRIT_UNSUPPORTED: EXIT.algorithm,
  ERR_JWT_EXPIRED: EXIT.expired,
  ERR_JWT_NOT_YET_VALID: EXIT.notYetValid,
  ERR_JWT_CLAIM_INVALID: EXIT.claim,
  ERR_JWT_CLAIM_MISSING: EXIT.claim,
  ERR_JWT_REVOKED: EXIT.revoked,
  ERR_REVOCATION_UNAVAILABLE: EXIT.revoked,
  ERR_KEY_INVALID: EXIT.key,
  ERR_KEY_NOT_FOUND: EXIT.key,
  ERR_JWKS_FETCH_FAILED: EXIT.jwks,
  ERR_INVALID_ARGUMENT: EXIT.usage,
};

/** The exit status for a library error code. */
export function exitCodeFor(code: JwtErrorCode): number {
  return BY_CODE[code] ?? EXIT.unexpected;
}

/** The table printed by `webjwt --help`. */
export const EXIT_CODE_HELP = `Exit status:
  0   success (for verify: the token is valid)
  1   unexpected error
  2   usage error (unknown flag, missing argument, unreadable file, bad option,
      an --out file that exists or cannot be written)
  3   malformed or oversized token            ERR_JWT_MALFORMED, ERR_JWT_TOO_LARGE
  4   signature invalid / cannot decrypt      ERR_JWS_SIGNATURE_INVALID, ERR_JWE_DECRYPTION_FAILED
  5   algorithm not allowed / unknown crit    ERR_JWS_ALG_NOT_ALLOWED, ERR_JWS_CRIT_UNSUPPORTED,
                                              ERR_JWE_ALG_NOT_ALLOWED, ERR_JWE_CRIT_UNSUPPORTED
  6   expired (exp or --max-age)              ERR_JWT_EXPIRED
  7   not valid yet (nbf)                     ERR_JWT_NOT_YET_VALID
  8   claim invalid or missing                ERR_JWT_CLAIM_INVALID, ERR_JWT_CLAIM_MISSING
  9   revoked                                 ERR_JWT_REVOKED, ERR_REVOCATION_UNAVAILABLE
  10  key unusable or not found               ERR_KEY_INVALID, ERR_KEY_NOT_FOUND
  11  JWKS could not be fetched               ERR_JWKS_FETCH_FAILED
`;
