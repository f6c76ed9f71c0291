import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';

// The browser path: no Buffer, everything in JavaScript.
vi.mock('../../src/lib/native-buffer.js', () => ({ nativeBuffer: undefined, fromBase64url: undefined, toBase64url: undefined }));
const { decodeBase64url, decodeBase64urlText, encodeBase64url, encodeBase64urlText } = await import('../../src/lib/base64url.js');

describe('base64url without Buffer (browsers)', () => {
  it('encodes and decodes like Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(encodeBase64url(bytes)).toBe(text);
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('handles UTF-8 text and refuses invalid UTF-8', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => decodeBase64urlText(encodeBase64urlText(s)) === s));
    expect(decodeBase64urlText(Buffer.from([0xff, 0xfe]).toString('base64url'))).toBeUndefined();
    expect(decodeBase64urlText('Zg=')).toBeUndefined();
  });
});

describe('decodeBase64urlText with Buffer', () => {
  it('keeps a genuine U+FFFD and refuses invalid UTF-8', async () => {
    const native = await vi.importActual<typeof import('../../src/lib/base64url.js')>('../../src/lib/base64url.js');
    expect(native.decodeBase64urlText(Buffer.from('a\uFFFDb').toString('base64url'))).toBe('a\uFFFDb');
    expect(native.decodeBase64urlText(Buffer.from([0x61, 0xc3]).toString('base64url'))).toBeUndefined();
  });
});
