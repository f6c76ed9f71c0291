/**
 * The JWK members every JWE key import checks, whatever its `kty`: a JWK must be meant for
 * encryption (`use: "enc"` if it has a `use`), for this `alg` (if it names one), and its `key_ops`
 * (if any) must allow what the key will do (RFC 7517 section 4).
 *
 * @module
 */
import { checkKeyOps, describeValue, invalidJwk as invalid } from '../../keys/jwk.js';
import type { Jwk } from '../../lib/web-types.js';
import { contentEncryptionSpec, keyManagementSpec } from '../algorithms.js';

// JWE's own names are quoted in full (describeValue quotes only short ones, and ECDH-ES+A128KW is
// longer); anything else is only described, never echoed.
const describeAlg = (alg: unknown): string =>
  keyManagementSpec(alg) !== undefined || contentEncryptionSpec(alg) !== undefined ? `"${alg as string}"` : describeValue(alg);

/**
 * @internal Throws `ERR_KEY_INVALID` unless `jwk` has no `alg` or one of `algs`, no `use` or
 * `"enc"`, and no `key_ops` or unique string `key_ops` with at least one of `operations`. With
 * `emptyKeyOpsAllowed`, `key_ops: []` passes too: an ECDH public key has no operation of its own
 * (Web Crypto exports it that way).
 */
export function checkJweJwk(jwk: Jwk, algs: readonly string[], operations: readonly string[], emptyKeyOpsAllowed = false): void {
  if (jwk.alg !== undefined && !algs.includes(jwk.alg)) {
    throw invalid(`is for ${describeAlg(jwk.alg)}, not ${algs.join(' or ')}`);
  }
  if (jwk.use !== undefined && jwk.use !== 'enc') throw invalid('is not for encryption (its use is not "enc")');
  checkKeyOps(jwk.key_ops, operations, emptyKeyOpsAllowed);
}
