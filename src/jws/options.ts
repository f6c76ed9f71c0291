/**
 * Validation of the JWS-level verify options, done once per verifier rather than per token.
 *
 * @module
 */
import { invalidArgument } from '../lib/jwt-errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { type OptionKinds, OPTION_NUMBER, OPTION_STRINGS } from '../lib/options.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from './parse.js';

/**
 * Options of {@link verifyCompact}; the JWT `verify` options extend these.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Decoding and compact JWS
 */
export interface VerifyCompactOptions {
  /**
   * The algorithms this verifier accepts. Required unless the key is bound to one algorithm
   * (a {@link JwtKey} or a `CryptoKey`). The token's `alg` is only ever checked against this list.
   */
  algorithms?: readonly Algorithm[];
  /** Longest token accepted, in characters. Default 8192. */
  maxTokenLength?: number;
  /** Names of `crit` header extensions the caller processes itself. Default: none. */
  crit?: readonly string[];
}

/** @internal The kind of each option, for the options checker. */
export const VERIFY_COMPACT_OPTIONS: OptionKinds<VerifyCompactOptions> = {
  algorithms: OPTION_STRINGS,
  maxTokenLength: OPTION_NUMBER,
  crit: OPTION_STRINGS,
};

/** @internal Options after validation. */
export interface PreparedCompactOptions {
  readonly algorithms: readonly Algorithm[] | undefined;
  readonly maxTokenLength: number;
  readonly crit: readonly string[] | undefined;
}

/**
 * @internal Options whose kinds `checkOptions` has already checked (an object; arrays of strings; a
 * number), so only values are checked here: ranges, known algorithms.
 */
export function prepareCompactOptions(options: VerifyCompactOptions = {}): PreparedCompactOptions {
  const { algorithms, maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH, crit } = options;
  if (algorithms !== undefined) {
    if (algorithms.length === 0) throw invalidArgument('algorithms must be a non-empty array');
    for (const alg of algorithms) {
      // `none` (any casing) and unknown names are refused here, so they can never match a header.
      if (algorithmSpec(alg) === undefined) {
        throw invalidArgument(`algorithms contains an unsupported algorithm: ${String(alg)}`);
      }
    }
  }
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength <= 0) {
    throw invalidArgument('maxTokenLength must be a positive integer');
  }
  // Copies, so a caller changing its arrays later cannot change a prepared verifier.
  return { algorithms: algorithms?.slice(), maxTokenLength, crit: crit?.slice() };
}
