/**
 * The curve an SPKI public key or a PKCS#8 private key names in its AlgorithmIdentifier
 * (RFC 5480 section 2.1.1, RFC 8410 section 3). Web Crypto needs the curve before it imports an
 * ECDH key, and PEM text does not say it anywhere else.
 *
 * @module
 */
import { readTlv } from '../../lib/der.js';
import type { EcdhCurveName } from '../key-management/ecdh-curves.js';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OID = 0x06;

// The content bytes of the object identifiers, as hex.
const EC_PUBLIC_KEY = '2a8648ce3d0201'; // 1.2.840.10045.2.1
const X25519 = '2b656e'; // 1.3.101.110
const NAMED_CURVES: ReadonlyMap<string, EcdhCurveName> = new Map([
  ['2a8648ce3d030107', 'P-256'], // 1.2.840.10045.3.1.7
  ['2b81040022', 'P-384'], // 1.3.132.0.34
  ['2b81040023', 'P-521'], // 1.3.132.0.35
]);

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * @internal The curve of an ECDH-capable key in SPKI (`spki`) or PKCS#8 (`pkcs8`) DER, or
 * undefined when the DER is not such a key (another algorithm, another curve, explicit curve
 * parameters, or not DER at all).
 */
export function curveOfKeyInfo(der: Uint8Array, format: 'spki' | 'pkcs8'): EcdhCurveName | undefined {
  const outer = readTlv(der, 0, der.length);
  if (outer?.tag !== SEQUENCE || outer.end !== der.length) return undefined;
  let next = readTlv(der, outer.contentStart, outer.end);
  // PrivateKeyInfo starts with its version; SubjectPublicKeyInfo starts with the algorithm.
  if (format === 'pkcs8') next = next?.tag === INTEGER ? readTlv(der, next.end, outer.end) : undefined;
  if (next?.tag !== SEQUENCE) return undefined;
  const algorithm = readTlv(der, next.contentStart, next.end);
  if (algorithm?.tag !== OID) return undefined;
  const algorithmOid = hex(der.subarray(algorithm.contentStart, algorithm.end));
  if (algorithmOid === X25519) return algorithm.end === next.end ? 'X25519' : undefined;
  if (algorithmOid !== EC_PUBLIC_KEY) return undefined;
  const parameters = readTlv(der, algorithm.end, next.end);
  if (parameters?.tag !== OID || parameters.end !== next.end) return undefined;
  return NAMED_CURVES.get(hex(der.subarray(parameters.contentStart, parameters.end)));
}
