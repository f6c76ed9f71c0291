/**
 * The options of `importKey` and `importSecret`: one interface and one table of kinds for both.
 *
 * @module
 */
import { OPTION_BOOLEAN, OPTION_STRING, type OptionKinds } from '../lib/options.js';

/**
 * Options of {@link importKey} and {@link importSecret}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Keys
 */
export interface ImportKeyOptions {
  /** Key ID, written to the `kid` header when signing. Defaults to the JWK's `kid`. */
  kid?: string;
  /** Whether a secret or private key can be exported again. Public keys always can. Default `false`. */
  extractable?: boolean;
  /**
   * DANGER: accept an HMAC secret shorter than RFC 7518 section 3.2 requires, to verify legacy tokens.
   * The key gets `weak: true` and the `verify` usage only: it can never sign.
   */
  allowShortSecretForVerifyOnly?: boolean;
}

/** @internal The kind of each option, for the options checker. */
export const IMPORT_KEY_OPTIONS: OptionKinds<ImportKeyOptions> = {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
  allowShortSecretForVerifyOnly: OPTION_BOOLEAN,
};
