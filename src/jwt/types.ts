/**
 * The JWT claims set type (RFC 7519 section 4.1).
 *
 * @module
 */

/**
 * Registered claims, plus any public or private claim.
 *
 * @category Sign and verify
 */
export interface JwtClaims {
  /** Issuer. */
  iss?: string;
  /** Subject. */
  sub?: string;
  /** Audience: one string or a list. */
  aud?: string | string[];
  /** Expiration time, seconds since the epoch. */
  exp?: number;
  /** Not before, seconds since the epoch. */
  nbf?: number;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  /** Unique token ID, used for revocation. */
  jti?: string;
  /** Any other claim, as found in the JSON claims set. */
  [claim: string]: unknown;
}

/**
 * A clock: milliseconds since the epoch, like `Date.now`. Override it in tests.
 *
 * @category Sign and verify
 */
export type Clock = () => number;
