/**
 * PEM (RFC 7468) decoding and encoding for keys and certificates.
 *
 * @module
 */
import { keyInvalid } from '../lib/jwt-errors.js';
import { decodeBase64url, encodeBase64url } from '../lib/base64url.js';
import { spkiFromCertificate } from '../lib/der.js';

/** A decoded PEM block. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\s]+?)-----END \1-----\s*$/;

/** True when `text` starts (after whitespace) like a PEM block. */
export function looksLikePem(text: string): boolean {
  return text.trimStart().startsWith('-----BEGIN');
}

/**
 * True when `text` contains a PEM header anywhere, e.g. after `openssl x509 -text` output.
 * Such text is never accepted as an HMAC secret: that is the RS256-to-HS256 confusion attack.
 */
export function containsPem(text: string): boolean {
  return text.includes('-----BEGIN');
}

/**
 * @internal Decodes exactly one PEM block (RFC 7468 strict form: nothing before or after it, a body of
 * padded standard base64 with line breaks). Throws `ERR_KEY_INVALID`.
 */
export function decodePem(text: string): PemBlock {
  const match = PEM.exec(text.trim());
  if (!match) throw keyInvalid('The key is not a single well-formed PEM block');
  const body = match[2]!.replace(/\s+/g, '');
  // PEM is padded standard base64; reuse the strict decoder on the URL-safe spelling.
  const der = body.length % 4 === 0 && body.length <= 1 << 20
    ? decodeBase64url(body.replace(/={1,2}$/, '').replace(/\+/g, '-').replace(/\//g, '_'))
    : undefined;
  if (der === undefined || der.length === 0) {
    throw keyInvalid('The PEM block does not contain valid base64');
  }
  return { label: match[1]!, der };
}

/** @internal The key a PEM holds: a public key's SPKI or a private key's PKCS#8, as DER. */
export interface PemKey {
  readonly format: 'spki' | 'pkcs8';
  readonly der: Uint8Array;
}

/**
 * @internal The key inside a PEM: `PUBLIC KEY` (SPKI), `PRIVATE KEY` (PKCS#8), or a `CERTIFICATE`'s
 * SPKI (only the key is used: a certificate's validity and issuer are for PKI, which is not our job).
 * Legacy and encrypted keys are refused with how to convert them. Throws `ERR_KEY_INVALID`.
 */
export function decodePemKey(text: string): PemKey {
  const { label, der } = decodePem(text);
  switch (label) {
    case 'PUBLIC KEY':
      return { format: 'spki', der };
    case 'PRIVATE KEY':
      return { format: 'pkcs8', der };
    case 'CERTIFICATE': {
      const spki = spkiFromCertificate(der);
      if (spki === undefined) throw keyInvalid('The certificate cannot be parsed');
      return { format: 'spki', der: spki };
    }
    case 'RSA PUBLIC KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      throw keyInvalid(`PEM "${label}" is a legacy format; convert it to SPKI or PKCS#8 (openssl pkey -in key.pem)`);
    case 'ENCRYPTED PRIVATE KEY':
      throw keyInvalid('Encrypted private keys are not supported; decrypt it first (openssl pkey -in key.pem)');
    default:
      throw keyInvalid(`PEM "${label}" is not a key; expected PUBLIC KEY, PRIVATE KEY or CERTIFICATE`);
  }
}

/** @internal Encodes DER as PEM with 64-character lines. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64url = encodeBase64url(der);
  const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64url.length % 4)) % 4);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
