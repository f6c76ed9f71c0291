import { describe, expect, it } from 'vitest';
import { containsPem, decodePem, encodePem, looksLikePem } from '../../src/keys/pem.js';
import { readTlv, rsaModulusFromPkcs8, spkiFromCertificate } from '../../src/lib/der.js';
import { createPrivateKey } from 'node:crypto';
import { code, fixture, rfcKey } from './helpers.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('PEM', () => {
  it('round-trips DER with 64-character lines', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i * 7);
    const pem = encodePem('PUBLIC KEY', der);
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN PUBLIC KEY-----');
    expect(lines.at(-1)).toBe('-----END PUBLIC KEY-----');
    expect(lines.slice(1, -1).map((l) => l.length)).toEqual([64, 64, 8]);
    expect(decodePem(pem)).toEqual({ label: 'PUBLIC KEY', der });
    for (const n of [1, 2, 3, 48]) expect(decodePem(encodePem('X', der.subarray(0, n))).der).toEqual(der.subarray(0, n));
  });

  it('accepts padding, CRLF and surrounding whitespace, and refuses non-canonical base64', () => {
    expect(decodePem('-----BEGIN A-----\r\nAQI=\r\n-----END A-----\r\n').der).toEqual(bytes(1, 2));
    expect(decodePem('  \n-----BEGIN A-----\nAQ==\n-----END A-----').der).toEqual(bytes(1));
    for (const body of ['AQ=', 'AQ', 'AR==', 'A=Q=', 'AQ==AQ==', 'AQI', 'A_I=', '====']) {
      expect(() => decodePem(`-----BEGIN A-----\n${body}\n-----END A-----`)).toThrow(code('ERR_KEY_INVALID'));
    }
    expect(() => decodePem(`text\n-----BEGIN A-----\nAQ==\n-----END A-----`)).toThrow(code('ERR_KEY_INVALID'));
    expect(() => decodePem(`-----BEGIN a-----\nAQ==\n-----END a-----`)).toThrow(code('ERR_KEY_INVALID'));
  });

  it('tells PEM-looking text apart', () => {
    expect(looksLikePem('\n -----BEGIN X')).toBe(true);
    expect(looksLikePem('x -----BEGIN X')).toBe(false);
    expect(containsPem('x -----BEGIN X')).toBe(true);
    expect(containsPem('-----END X')).toBe(false);
  });
});

describe('DER', () => {
  it('reads short and long lengths, and refuses what DER forbids', () => {
    expect(readTlv(bytes(0x04, 0x01, 0xff), 0, 3)).toEqual({ tag: 4, start: 0, contentStart: 2, end: 3 });
    const long = Uint8Array.of(0x04, 0x81, 0x80, ...new Uint8Array(0x80));
    expect(readTlv(long, 0, long.length)?.end).toBe(long.length);
    expect(readTlv(bytes(0x30, 0x80, 0, 0), 0, 4)).toBeUndefined(); // indefinite length
    expect(readTlv(bytes(0x30, 0x85, 1, 1, 1, 1, 1), 0, 7)).toBeUndefined(); // five length bytes
    expect(readTlv(bytes(0x30, 0x82, 1), 0, 3)).toBeUndefined(); // length bytes cut off
    expect(readTlv(bytes(0x30, 0x05, 0), 0, 3)).toBeUndefined(); // content cut off
    expect(readTlv(bytes(0x30), 0, 1)).toBeUndefined();
  });

  it('extracts the SPKI of a certificate and refuses other shapes', () => {
    const cert = decodePem(fixture('ec-cert.pem')).der;
    const spki = spkiFromCertificate(cert)!;
    expect(spki[0]).toBe(0x30);
    expect(spki.length).toBe(91); // a P-256 SubjectPublicKeyInfo
    expect(spkiFromCertificate(Uint8Array.of(...cert, 0))).toBeUndefined(); // trailing data
    expect(spkiFromCertificate(bytes(0x02, 0x01, 0x01))).toBeUndefined(); // not a SEQUENCE
    expect(spkiFromCertificate(bytes(0x30, 0x03, 0x02, 0x01, 0x01))).toBeUndefined(); // no tbsCertificate
    expect(spkiFromCertificate(bytes(0x30, 0x04, 0x30, 0x02, 0x02, 0x00))).toBeUndefined(); // too few fields
    // Seven fields where the SPKI should be is not a SEQUENCE.
    const field = [0x02, 0x01, 0x00];
    const tbs = [0x30, 18, ...field, ...field, ...field, ...field, ...field, ...field];
    expect(spkiFromCertificate(Uint8Array.of(0x30, tbs.length, ...tbs))).toBeUndefined();
  });

  it('reads the modulus of an RSA PKCS#8 key and nothing from other shapes', () => {
    const rsa = rfcKey('rfc7515-A.2-rsa');
    const pkcs8 = createPrivateKey({ key: rsa as never, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
    const modulus = rsaModulusFromPkcs8(new Uint8Array(pkcs8))!;
    // DER keeps a zero byte in front of a modulus whose top bit is set.
    expect(modulus[0]).toBe(0);
    expect(Buffer.from(modulus.subarray(1)).toString('base64url')).toBe(rsa.n);
    const ec = decodePem(fixture('ec-cert.key.pem')).der;
    expect(rsaModulusFromPkcs8(ec)).toBeUndefined(); // the EC key's inner SEQUENCE holds an INTEGER then an OCTET STRING
    expect(rsaModulusFromPkcs8(bytes(0x02, 0x01, 0x00))).toBeUndefined();
    expect(rsaModulusFromPkcs8(bytes(0x30, 0x03, 0x02, 0x01, 0x00))).toBeUndefined();
    expect(rsaModulusFromPkcs8(bytes(0x30, 0x0a, 0x02, 0x01, 0x00, 0x30, 0x00, 0x04, 0x03, 0x02, 0x01, 0x00))).toBeUndefined();
  });
});
