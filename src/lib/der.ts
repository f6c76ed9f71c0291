/**
 * The little DER the keys layer needs: the SubjectPublicKeyInfo inside an X.509 certificate
 * (RFC 5280 section 4.1) and the RSA modulus inside a PKCS#8 private key (RFC 5208, RFC 8017 A.1.2).
 * Strict about lengths; anything unexpected returns `undefined`.
 *
 * @module
 */

interface Tlv {
  readonly tag: number;
  /** Offset of the first byte of the element (its tag). */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the element. */
  readonly end: number;
}

/** @internal Reads one tag-length-value element at `offset` that must end by `limit`. */
export function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // Indefinite lengths are not DER; four length bytes are far beyond any key or certificate.
    if (count === 0 || count > 4 || contentStart + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  return end > limit ? undefined : { tag, start: offset, contentStart, end };
}

const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const SEQUENCE = 0x30;
const CONTEXT_0 = 0xa0;

/** Returns the DER of the certificate's SubjectPublicKeyInfo, or `undefined` if it is not a certificate. */
export function spkiFromCertificate(der: Uint8Array): Uint8Array | undefined {
  const certificate = readTlv(der, 0, der.length);
  if (certificate?.tag !== SEQUENCE || certificate.end !== der.length) return undefined;
  const tbs = readTlv(der, certificate.contentStart, certificate.end);
  if (tbs?.tag !== SEQUENCE) return undefined;
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, spki.
  let element = readTlv(der, tbs.contentStart, tbs.end);
  if (element?.tag === CONTEXT_0) element = readTlv(der, element.end, tbs.end);
  for (let skip = 0; skip < 5 && element; skip++) element = readTlv(der, element.end, tbs.end);
  if (element?.tag !== SEQUENCE) return undefined;
  return der.slice(element.start, element.end);
}

/**
 * Returns the modulus of an RSA PKCS#8 private key (big-endian bytes), or `undefined` when `der`
 * does not have that shape. Used to check a non-extractable private key's modulus.
 */
export function rsaModulusFromPkcs8(der: Uint8Array): Uint8Array | undefined {
  // PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey OCTET STRING, ... }
  const info = readTlv(der, 0, der.length);
  if (info?.tag !== SEQUENCE) return undefined;
  const version = readTlv(der, info.contentStart, info.end);
  const algorithm = version && readTlv(der, version.end, info.end);
  const octets = algorithm && readTlv(der, algorithm.end, info.end);
  if (octets?.tag !== OCTET_STRING) return undefined;
  // RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, ... }
  const rsa = readTlv(der, octets.contentStart, octets.end);
  if (rsa?.tag !== SEQUENCE) return undefined;
  const rsaVersion = readTlv(der, rsa.contentStart, rsa.end);
  const modulus = rsaVersion && readTlv(der, rsaVersion.end, rsa.end);
  if (modulus?.tag !== INTEGER) return undefined;
  return der.slice(modulus.contentStart, modulus.end);
}
