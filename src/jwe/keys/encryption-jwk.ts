/**
 * JWK checks for RSA-OAEP and ECDH-ES keys (RFC 7517, RFC 7518 section 6, RFC 8037): the right
 * `kty` (and curve), an `alg` equal to the JWE `alg` if present, `use: "enc"` if present, and
 * `key_ops` that allow what the key will do. EC points are checked to be on their curve here too,
 * so a bad recipient key is refused at import on every runtime alike.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { decodeBase64url } from '../../lib/base64url.js';
import type { Jwk } from '../../lib/web-types.js';
import { describeValue } from '../../keys/jwk.js';
import type { KeyManagementSpec } from '../algorithms.js';
import { type EcdhCurve, ecdhCurve, isOnCurve } from '../key-management/ecdh-curves.js';

const invalid = (why: string) => new JwtError('ERR_KEY_INVALID', `The JWK ${why}`);

/** @internal What an asymmetric JWE key is: RSA for RSA-OAEP, or ECDH on one curve. */
export type AsymmetricKind = { readonly kind: 'rsa' } | { readonly kind: 'ecdh'; readonly curve: EcdhCurve };

// RFC 7517 section 4.3 operations. An ECDH public key has no operation of its own (Web Crypto
// exports it with `key_ops: []`), so an empty list is accepted for it; a non-empty one must name one.
const OPERATIONS = {
  rsa: { public: ['encrypt', 'wrapKey'], private: ['decrypt', 'unwrapKey'] },
  ecdh: { public: ['deriveKey', 'deriveBits', 'encrypt', 'wrapKey'], private: ['deriveKey', 'deriveBits'] },
} as const;

function checkKeyOps(keyOps: unknown, kind: AsymmetricKind['kind'], type: 'public' | 'private'): void {
  if (keyOps === undefined) return;
  if (!Array.isArray(keyOps) || !keyOps.every((op) => typeof op === 'string')) throw invalid('key_ops is not an array of strings');
  if (new Set(keyOps).size !== keyOps.length) throw invalid('key_ops has duplicate values');
  if (kind === 'ecdh' && type === 'public' && keyOps.length === 0) return;
  const allowed: readonly string[] = OPERATIONS[kind][type];
  if (!keyOps.some((op) => allowed.includes(op))) throw invalid(`key_ops do not allow ${allowed.join(' or ')}`);
}

function checkPoint(jwk: Jwk, curve: EcdhCurve): void {
  const x = typeof jwk.x === 'string' ? decodeBase64url(jwk.x) : undefined;
  if (x?.length !== curve.bytes) throw invalid(`"x" must be ${curve.bytes} bytes of base64url for ${curve.crv}`);
  if (curve.kty === 'OKP') return;
  const y = typeof jwk.y === 'string' ? decodeBase64url(jwk.y) : undefined;
  if (y?.length !== curve.bytes) throw invalid(`"y" must be ${curve.bytes} bytes of base64url for ${curve.crv}`);
  if (!isOnCurve(curve, x, y)) throw invalid(`point is not on ${curve.crv}`);
}

/**
 * @internal Throws `ERR_KEY_INVALID` unless `jwk` can serve `spec` as a `kind` key; returns the
 * curve (ECDH) and whether it is a private key.
 */
export function checkEncryptionJwk(
  jwk: Jwk,
  spec: KeyManagementSpec,
  family: 'rsa' | 'ecdh',
): { readonly kind: AsymmetricKind; readonly type: 'public' | 'private' } {
  let kind: AsymmetricKind;
  if (family === 'rsa') {
    if (jwk.kty !== 'RSA') throw invalid(`has kty ${describeValue(jwk.kty)} but ${spec.alg} needs "RSA"`);
    kind = { kind: 'rsa' };
  } else {
    const curve = ecdhCurve(jwk.crv);
    if (curve === undefined || curve.kty !== jwk.kty) {
      const has = `has kty ${describeValue(jwk.kty)} and crv ${describeValue(jwk.crv)}`;
      throw invalid(`${has}; ${spec.alg} needs EC P-256, P-384, P-521 or OKP X25519`);
    }
    kind = { kind: 'ecdh', curve };
  }
  if (jwk.alg !== undefined && jwk.alg !== spec.alg) throw invalid(`is for ${describeValue(jwk.alg)}, not ${spec.alg}`);
  if (jwk.use !== undefined && jwk.use !== 'enc') throw invalid('is not for encryption (its use is not "enc")');
  const type = jwk.d === undefined ? 'public' : 'private';
  checkKeyOps(jwk.key_ops, kind.kind, type);
  if (kind.kind === 'ecdh') checkPoint(jwk, kind.curve);
  return { kind, type };
}
