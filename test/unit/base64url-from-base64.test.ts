import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';

// Bun's path: Uint8Array.fromBase64 decodes and toBase64 encodes. Node 20 has none, so a decoder at least as lenient
// stands in (Buffer skips whitespace and foreign characters, takes padding, ignores trailing bits):
// whatever it would accept, the canonical check in front must still refuse.
const lenient = vi.fn((text: string) => new Uint8Array(Buffer.from(text, 'base64url')));
const toBase64url = vi.fn((bytes: Uint8Array) => Buffer.from(bytes).toString('base64url'));
vi.mock('../../src/lib/native-buffer.js', () => ({ nativeBuffer: undefined, fromBase64url: lenient, toBase64url }));
const { decodeBase64url, decodeBase64urlText, encodeBase64url, encodeBase64urlText } = await import('../../src/lib/base64url.js');
const { decodeSignature } = await import('../../src/jws/parse.js');

describe('base64url through fromBase64 and toBase64 (Bun)', () => {
  it('encodes bytes, and text as UTF-8 (lone surrogates as U+FFFD, as Buffer does), through toBase64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 50 }), (bytes, text) => {
        expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
        expect(encodeBase64urlText(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      }),
    );
    expect(toBase64url).toHaveBeenCalled();
  });

  it('decodes any bytes and UTF-8 text like Buffer, through fromBase64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ unit: 'grapheme' }), (bytes, text) => {
        expect(decodeBase64url(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
        expect(decodeBase64urlText(Buffer.from(text).toString('base64url'))).toBe(text);
      }),
    );
    expect(lenient).toHaveBeenCalled();
  });

  it('still refuses non-canonical text and invalid UTF-8 before or after decoding', () => {
    lenient.mockClear();
    for (const bad of ['Zg=', 'Zg==', 'Zh', 'Zm9v YmFy', 'Zm9v\nYmFy', ' Zm9v', 'Zm9+', 'Zm9/', 'Z', 'Zm9v\u0410', 'Zm9v.']) {
      expect(decodeBase64url(bad)).toBeUndefined();
      expect(decodeBase64urlText(bad)).toBeUndefined();
      expect(() => decodeSignature(bad)).toThrow(/canonical/);
    }
    expect(lenient).not.toHaveBeenCalled();
    for (const invalid of [[0xff, 0xfe], [0x61, 0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
      expect(decodeBase64urlText(Buffer.from(invalid).toString('base64url'))).toBeUndefined();
    }
    expect(decodeBase64urlText(Buffer.from('a\uFFFDb').toString('base64url'))).toBe('a\uFFFDb');
  });
});
