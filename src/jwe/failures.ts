/**
 * The errors of the JWE decrypt path, in one place. Every cryptographic failure after the format
 * and policy checks is the one decryption failure, with one message and no cause, whichever step
 * failed (unwrapping, key agreement, the tag, the padding, inflating), so an error tells an attacker
 * nothing about where a forgery went wrong (RFC 7516 section 11.5: no padding or format oracle).
 * What the token shows by itself (a missing segment, a wrong length, a bad header) is malformed.
 *
 * @module
 */
import { JwtError } from '../errors.js';

/** @internal The one message of every `ERR_JWE_DECRYPTION_FAILED`. */
export const DECRYPTION_FAILED_MESSAGE = 'The token cannot be decrypted with this key';

/**
 * @internal The one decryption error. It carries no `cause`: the cause would tell a bad tag from
 * bad padding to whoever sees the error.
 */
export function decryptionFailed(): JwtError {
  return new JwtError('ERR_JWE_DECRYPTION_FAILED', DECRYPTION_FAILED_MESSAGE);
}

/** @internal A part of the token that is visibly wrong, described by a whole sentence (`why`). */
export function malformed(why: string): JwtError {
  return new JwtError('ERR_JWT_MALFORMED', why);
}

/** @internal The same, for the parse and policy steps: "Malformed token: " and what is wrong. */
export function malformedToken(why: string): JwtError {
  return malformed(`Malformed token: ${why}`);
}
