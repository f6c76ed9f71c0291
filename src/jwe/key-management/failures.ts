/**
 * The errors key management throws after the format checks. Every cryptographic failure reads the
 * same, whichever step failed, so a caller (or an attacker watching the caller) learns nothing
 * from which one it was (RFC 7516 section 11.5).
 *
 * @module
 */
import { JwtError } from '../../errors.js';

/** @internal The one error of every failed unwrap, decryption or tag check. */
export function decryptionFailed(): JwtError {
  return new JwtError('ERR_JWE_DECRYPTION_FAILED', 'The token cannot be decrypted with this key');
}

/** @internal A header parameter or segment that is visibly wrong in the token itself. */
export function malformed(why: string): JwtError {
  return new JwtError('ERR_JWT_MALFORMED', why);
}
