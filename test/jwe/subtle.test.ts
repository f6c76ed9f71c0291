import { afterEach, describe, expect, it, vi } from 'vitest';
import { JwtError } from '../../src/errors.js';
import { bytesEqualConstantTime } from '../../src/lib/constant-time.js';
import { bufferSource, randomBytes, subtle } from '../../src/jwe/subtle.js';

describe('subtle', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns the runtime crypto.subtle', () => {
    expect(subtle()).toBe(globalThis.crypto.subtle);
  });

  it('throws ERR_INVALID_ARGUMENT when the runtime has no Web Crypto', () => {
    vi.stubGlobal('crypto', undefined);
    expect(() => subtle()).toThrow(JwtError);
    expect(() => subtle()).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('throws ERR_INVALID_ARGUMENT when crypto has no subtle', () => {
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    expect(() => subtle()).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('re-exports randomBytes', () => {
    const bytes = randomBytes(32);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(32);
  });

  it('bufferSource hands the same bytes over', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(bufferSource(bytes)).toBe(bytes);
  });
});

describe('bytesEqualConstantTime', () => {
  it('is true only for the same bytes', () => {
    const tag = randomBytes(16);
    expect(bytesEqualConstantTime(tag, tag.slice())).toBe(true);
    for (let i = 0; i < tag.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const changed = tag.slice();
        changed[i]! ^= bit;
        expect(bytesEqualConstantTime(tag, changed)).toBe(false);
      }
    }
    expect(bytesEqualConstantTime(tag, tag.slice(0, -1))).toBe(false);
    expect(bytesEqualConstantTime(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
