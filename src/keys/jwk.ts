/**
 * JWK checks against an algorithm's row (RFC 7517, RFC 7518 section 6). A JWK must fit the
 * algorithm the caller named: right `kty` and `crv`, a matching `alg` if it has one, `use: "sig"`.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;
const invalid = (why: string) => new JwtError('ERR_KEY_INVALID', `The JWK ${why}`);

/** @internal Throws `ERR_KEY_INVALID` unless `jwk` can serve `spec`; returns whether it is private. */
export function checkJwk(jwk: JsonWebKey, spec: AlgorithmSpec): boolean {
  if (jwk.kty !== spec.kty) throw invalid(`has kty ${String(jwk.kty)} but ${spec.alg} needs ${spec.kty}`);
  if (spec.crv !== undefined && jwk.crv !== spec.crv) throw invalid(`curve does not match ${spec.alg}`);
  if (jwk.alg !== undefined && jwk.alg !== spec.alg) throw invalid(`is for ${String(jwk.alg)}, not ${spec.alg}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw invalid('is not for signatures (use is not "sig")');
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops) || !jwk.key_ops.some((op) => op === 'sign' || op === 'verify')) {
      throw invalid('key_ops allow neither sign nor verify');
    }
  }
  if (spec.kty === 'oct') return true;
  return jwk.d !== undefined;
}

/**
 * @internal The JWK as handed to Web Crypto: our own checks are done, so the members Web Crypto
 * judges differently across runtimes (`alg` spellings, `use`, `key_ops`, `ext`) are left out.
 */
export function webCryptoJwk(jwk: JsonWebKey): JsonWebKey {
  const { alg: _alg, use: _use, key_ops: _ops, ext: _ext, ...rest } = jwk;
  return rest;
}

/** @internal Only the public members of an asymmetric JWK (oct keys are returned unchanged). */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty === 'oct') return jwk;
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JsonWebKey;
}
