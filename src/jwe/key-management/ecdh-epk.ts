/**
 * The `epk` header parameter of ECDH-ES (RFC 7518 section 4.6.1.1): the sender's ephemeral public
 * key as a JWK. Written with only `kty`, `crv`, `x` (and `y`); read strictly, before any key
 * agreement, against the curve of the recipient's own key.
 *
 * @module
 */
import { decodeBase64url, encodeBase64url } from '../../lib/base64url.js';
import { isPlainObject } from '../../lib/json.js';
import { subtle } from '../subtle.js';
import { type EcdhCurve, isOnCurve } from './ecdh-curves.js';
import { decryptionFailed, malformed } from '../failures.js';

/** @internal The `epk` the header carries. */
export interface EphemeralPublicJwk {
  readonly kty: 'EC' | 'OKP';
  readonly crv: string;
  readonly x: string;
  readonly y?: string;
}

/** @internal The public half of a freshly generated ephemeral key, as the header's `epk`. */
export async function ephemeralJwk(publicKey: CryptoKey, curve: EcdhCurve): Promise<EphemeralPublicJwk> {
  // Raw export is one encoding on every runtime: the X25519 key itself, or 0x04 || x || y.
  const raw = new Uint8Array(await subtle().exportKey('raw', publicKey));
  if (curve.kty === 'OKP') return { kty: 'OKP', crv: curve.crv, x: encodeBase64url(raw) };
  return {
    kty: 'EC',
    crv: curve.crv,
    x: encodeBase64url(raw.subarray(1, 1 + curve.bytes)),
    y: encodeBase64url(raw.subarray(1 + curve.bytes)),
  };
}

function coordinate(value: unknown, name: 'x' | 'y', curve: EcdhCurve): Uint8Array {
  const bytes = typeof value === 'string' ? decodeBase64url(value) : undefined;
  if (bytes?.length !== curve.bytes) {
    throw malformed(`The JWE header "epk" member "${name}" must be ${curve.bytes} bytes of base64url for ${curve.crv}`);
  }
  return bytes;
}

/**
 * @internal The raw public key of the header's `epk` (the X25519 key, or 0x04 || x || y), ready
 * for Web Crypto's `raw` import. `ERR_JWT_MALFORMED` when the token shows it is unusable (no
 * `epk`, not an object, `kty`/`crv` not strings, coordinates not base64url of the curve's exact
 * length); `ERR_JWE_DECRYPTION_FAILED` when it is a key on another curve than `curve` or a point
 * not on `curve`.
 */
export function readEphemeralKey(epk: unknown, curve: EcdhCurve): Uint8Array {
  if (epk === undefined) throw malformed('The JWE header has no "epk" (the ephemeral public key ECDH-ES needs)');
  if (!isPlainObject(epk)) throw malformed('The JWE header "epk" is not a JSON object');
  if (typeof epk.kty !== 'string' || typeof epk.crv !== 'string') {
    throw malformed('The JWE header "epk" needs "kty" and "crv" strings');
  }
  // A key on another curve is well-formed, just not one this key can agree with.
  if (epk.kty !== curve.kty || epk.crv !== curve.crv) throw decryptionFailed();
  const x = coordinate(epk.x, 'x', curve);
  if (curve.kty === 'OKP') return x;
  const y = coordinate(epk.y, 'y', curve);
  if (!isOnCurve(curve, x, y)) throw decryptionFailed();
  const point = new Uint8Array(1 + 2 * curve.bytes);
  point[0] = 0x04;
  point.set(x, 1);
  point.set(y, 1 + curve.bytes);
  return point;
}
