import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from '../../src/lib/base64url.js';

const nodeEncode = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('base64url', () => {
  it('encodes like the reference encoder for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => encodeBase64url(bytes) === nodeEncode(bytes)));
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('decodes the RFC 4648 test vectors', () => {
    const cases: Array<[string, string]> = [
      ['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of cases) {
      expect(new TextDecoder().decode(decodeBase64url(encoded))).toBe(plain);
      expect(encodeBase64url(new TextEncoder().encode(plain))).toBe(encoded);
    }
  });

  it.each([
    ['padding', 'Zg=='],
    ['single padding', 'Zm8='],
    ['plus from the standard alphabet', 'a+b_'],
    ['slash from the standard alphabet', 'a/b_'],
    ['whitespace', 'Zm9v Yg'],
    ['newline', 'Zm9v\nYg'],
    ['impossible length', 'Zm9vY'],
    ['non-zero trailing bits (2 chars)', 'Zh'],
    ['non-zero trailing bits (3 chars)', 'Zm9'],
    ['non-ASCII', 'Zm9\u00e9'],
    ['dot', 'Zm.v'],
  ])('refuses %s', (_name, text) => {
    expect(decodeBase64url(text)).toBeUndefined();
  });

  it('accepts exactly one encoding per byte string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), (text) => {
        const bytes = decodeBase64url(text);
        if (bytes !== undefined) expect(encodeBase64url(bytes)).toBe(text);
      }),
    );
  });
});
