/**
 * Shorthands for the two codes the library throws most: `ERR_INVALID_ARGUMENT` and
 * `ERR_KEY_INVALID`. One function each instead of `new JwtError(code, ...)` at some hundred places,
 * each of which put the code string in a bundle once more. Apart from src/errors.ts, which the
 * `webjwt/http` build takes from the package itself (this module is bundled there).
 *
 * @module
 */
import { JwtError, type JwtErrorOptions } from '../errors.js';

/** @internal A `JwtError` with code `ERR_INVALID_ARGUMENT`. */
export const invalidArgument = (message: string, options?: JwtErrorOptions): JwtError => new JwtError('ERR_INVALID_ARGUMENT', message, options);

/** @internal A `JwtError` with code `ERR_KEY_INVALID`. */
export const keyInvalid = (message: string, options?: JwtErrorOptions): JwtError => new JwtError('ERR_KEY_INVALID', message, options);
