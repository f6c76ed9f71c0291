/**
 * `exportEncryptionJwk`: a JWE key as a JWK, for storage or for a JWKS that senders encrypt to.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import type { Jwk } from '../lib/web-types.js';
import { keyManagementSpec } from './algorithms.js';
import { isJweKey, type JweKey, jweKeyMaterial } from './key.js';
import { keyFamilyFor } from './keys/index.js';

/**
 * Exports a JWE key as a JWK (`oct`, `RSA`, `EC` or `OKP`) with `alg`, `use: "enc"` and `kid` (if
 * any) filled in. The `enc` is not a JWK member: whoever imports the JWK names it again.
 *
 * @param key - A public key, or an extractable secret or private key.
 * @returns The JWK; private and secret members included when the key has them.
 * @throws {@link JwtError} `ERR_KEY_INVALID` when the key is not extractable; `ERR_INVALID_ARGUMENT` for a value
 *   that is not a {@link JweKey}.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { kid: 'enc-1' });
 * const jwks = { keys: [await exportEncryptionJwk(publicKey)] }; // senders encrypt to this key
 * ```
 *
 * @category Encryption
 */
export async function exportEncryptionJwk(key: JweKey): Promise<Jwk> {
  if (!isJweKey(key)) throw invalidArgument('Expected a JweKey');
  const spec = keyManagementSpec(key.alg)!;
  const { alg: _alg, use: _use, kid: _kid, key_ops: _ops, ext: _ext, ...jwk } = await keyFamilyFor(spec).exportJwk(spec, key, jweKeyMaterial(key)!);
  return { ...jwk, alg: key.alg, use: 'enc', ...(key.kid === undefined ? {} : { kid: key.kid }) };
}
