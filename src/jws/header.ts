/**
 * The JOSE header type.
 *
 * @module
 */
import type { Algorithm } from '../lib/algorithms.js';

/**
 * A JWS protected header as found in a token. Only `alg` is guaranteed after verification.
 *
 * @category Sign and verify
 */
export interface JwsHeader {
  /** The algorithm, always one the verifier allowed. */
  alg: Algorithm;
  /** Key ID. */
  kid?: string;
  /** Media type of the whole token, e.g. `JWT` or `at+jwt`. */
  typ?: string;
  /** Content type of the payload. */
  cty?: string;
  /** Critical extensions (RFC 7515 section 4.1.11). */
  crit?: string[];
  /** Any other header member. Embedded keys (`jwk`, `jku`, `x5u`, `x5c`) are never trusted. */
  [name: string]: unknown;
}

/**
 * A header as decoded without verification: nothing is known about its members.
 *
 * @category Decoding and compact JWS
 */
export type UnverifiedHeader = { [name: string]: unknown };
