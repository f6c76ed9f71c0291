/**
 * JWK checks against an algorithm's row (RFC 7517, RFC 7518 section 6), and the conversions the
 * keys layer needs. A JWK must fit the algorithm the caller named: right `kty` and `crv`, a matching
 * `alg` if it has one, `use: "sig"` if it has a `use`, and `key_ops` that allow the operation.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { keyInvalid } from '../lib/jwt-errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { decodeBase64url } from '../lib/base64url.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;
/** @internal `ERR_KEY_INVALID`, "The JWK ..." (JWS and JWE key imports alike). */
export const invalidJwk = (why: string): JwtError => keyInvalid(`The JWK ${why}`);

/**
 * @internal A JWK member value fit for an error message: short names (JOSE names are short) are quoted;
 * anything else (long, odd or non-string values, which could be key material) is only described.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'string' && /^[A-Za-z0-9+._-]{1,12}$/.test(value) ? `"${value}"` : `an unsupported ${typeof value}`;
}

/**
 * @internal Throws `ERR_KEY_INVALID` unless `keyOps` (a JWK's `key_ops`) is absent, or unique
 * strings naming at least one of `operations`. With `emptyAllowed`, `[]` passes too (JWE: an ECDH
 * public key has no operation of its own, and Web Crypto exports it that way). JWS and JWE keys
 * share it.
 */
export function checkKeyOps(keyOps: unknown, operations: readonly string[], emptyAllowed = false): void {
  if (keyOps === undefined) return;
  if (!Array.isArray(keyOps) || !keyOps.every((op) => typeof op === 'string')) throw invalidJwk('key_ops is not an array of strings');
  // RFC 7517 section 4.3: duplicate values must not be present.
  if (new Set(keyOps).size !== keyOps.length) throw invalidJwk('key_ops has duplicate values');
  if (emptyAllowed && keyOps.length === 0) return;
  if (!operations.some((op) => keyOps.includes(op))) throw invalidJwk(`key_ops do not allow ${operations.join(' or ')}`);
}

/**
 * @internal Throws `ERR_KEY_INVALID` unless `jwk` can serve `spec`; returns whether it is a private
 * key (always `true` for `oct` keys, which are secrets).
 */
export function checkJwk(jwk: JsonWebKey, spec: AlgorithmSpec): boolean {
  if (jwk.kty !== spec.kty) throw invalidJwk(`has kty ${describeValue(jwk.kty)} but ${spec.alg} needs "${spec.kty}"`);
  if (spec.crv !== undefined && jwk.crv !== spec.crv) {
    throw invalidJwk(`has curve ${describeValue(jwk.crv)} but ${spec.alg} needs "${spec.crv}"`);
  }
  if (jwk.alg !== undefined && jwk.alg !== spec.alg) throw invalidJwk(`is for ${describeValue(jwk.alg)}, not ${spec.alg}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidJwk('is not for signatures (its use is not "sig")');
  const isPrivate = spec.kty === 'oct' || jwk.d !== undefined;
  checkKeyOps(jwk.key_ops, spec.kty === 'oct' ? ['sign', 'verify'] : [isPrivate ? 'sign' : 'verify']);
  return isPrivate;
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

/** @internal The RSA modulus of a JWK as bytes, or `undefined` when it has none that decodes. */
export function jwkModulus(jwk: JsonWebKey): Uint8Array | undefined {
  return typeof jwk.n === 'string' ? decodeBase64url(jwk.n) : undefined;
}
