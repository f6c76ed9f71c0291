/**
 * JWK checks for RSA-OAEP and ECDH-ES keys (RFC 7517, RFC 7518 section 6, RFC 8037): the right
 * `kty` (and curve), then the members every JWE key checks (`alg`, `use`, `key_ops`: jwe-jwk.ts)
 * against what the key will do. EC points are checked to be on their curve here too,
 * so a bad recipient key is refused at import on every runtime alike. An EC key's `alg: "ECDH"`,
 * Web Crypto's own label, names no JOSE algorithm and is read as no `alg` at all.
 *
 * @module
 */
import { decodeBase64url } from '../../lib/base64url.js';
import type { Jwk } from '../../lib/web-types.js';
import { describeValue, invalidJwk as invalid } from '../../keys/jwk.js';
import type { KeyManagementSpec } from '../algorithms.js';
import { type EcdhCurve, ecdhCurve, isOnCurve } from '../key-management/ecdh-curves.js';
import { checkJweJwk } from './jwe-jwk.js';

/** @internal What an asymmetric JWE key is: RSA for RSA-OAEP, or ECDH on one curve. */
export type AsymmetricKind = { readonly kind: 'rsa' } | { readonly kind: 'ecdh'; readonly curve: EcdhCurve };

// RFC 7517 section 4.3 operations each kind and type of key may list.
const OPERATIONS = {
  rsa: { public: ['encrypt', 'wrapKey'], private: ['decrypt', 'unwrapKey'] },
  ecdh: { public: ['deriveKey', 'deriveBits', 'encrypt', 'wrapKey'], private: ['deriveKey', 'deriveBits'] },
} as const;

function checkPoint(jwk: Jwk, curve: EcdhCurve): void {
  const x = typeof jwk.x === 'string' ? decodeBase64url(jwk.x) : undefined;
  if (x?.length !== curve.bytes) throw invalid(`"x" must be ${curve.bytes} bytes of base64url for ${curve.crv}`);
  if (curve.kty === 'OKP') return;
  const y = typeof jwk.y === 'string' ? decodeBase64url(jwk.y) : undefined;
  if (y?.length !== curve.bytes) throw invalid(`"y" must be ${curve.bytes} bytes of base64url for ${curve.crv}`);
  if (!isOnCurve(curve, x, y)) throw invalid(`point is not on ${curve.crv}`);
}

/**
 * Web Crypto's name for the algorithm of an EC key made for key agreement. Deno writes it as the
 * `alg` of the EC keys it exports (`{ kty: "EC", alg: "ECDH", ... }`); no JOSE algorithm has that
 * name (RFC 7518 registers ECDH-ES and ECDH-ES+A*KW), so it says what the key is, not which JOSE
 * algorithm it is for. Exact match only: any other `alg` is still checked against the caller's.
 */
const WEB_CRYPTO_ECDH = 'ECDH';

/** The JWK as far as its JOSE members go: an EC key's Web Crypto `alg: "ECDH"` left out. */
function withoutWebCryptoAlg(jwk: Jwk, kind: AsymmetricKind): Jwk {
  if (kind.kind !== 'ecdh' || kind.curve.kty !== 'EC' || jwk.alg !== WEB_CRYPTO_ECDH) return jwk;
  const { alg: _webCryptoAlg, ...rest } = jwk;
  return rest;
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
  const type = jwk.d === undefined ? 'public' : 'private';
  checkJweJwk(withoutWebCryptoAlg(jwk, kind), [spec.alg], OPERATIONS[kind.kind][type], kind.kind === 'ecdh' && type === 'public');
  if (kind.kind === 'ecdh') checkPoint(jwk, kind.curve);
  return { kind, type };
}
