/**
 * `exportEncryptionJwk`: a JWE key as a JWK, for storage or for a JWKS that senders encrypt to.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { Jwk } from '../lib/web-types.js';
import { keyManagementSpec } from './algorithms.js';
import { isJweKey, type JweKey, jweKeyMaterial } from './key.js';
import { keyFamilyFor } from './keys/index.js';

/** @internal The implementation; the public declaration, with its documentation, is in lazy.ts. */
export async function exportEncryptionJwk(key: JweKey): Promise<Jwk> {
  if (!isJweKey(key)) throw new JwtError('ERR_INVALID_ARGUMENT', 'Expected a JweKey');
  const spec = keyManagementSpec(key.alg)!;
  const { alg: _alg, use: _use, kid: _kid, key_ops: _ops, ext: _ext, ...jwk } = await keyFamilyFor(spec).exportJwk(spec, key, jweKeyMaterial(key)!);
  return { ...jwk, alg: key.alg, use: 'enc', ...(key.kid === undefined ? {} : { kid: key.kid }) };
}
