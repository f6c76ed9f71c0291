import { createHmac, createSecretKey } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { equalsConstantTime } from '../../src/lib/constant-time.js';
import type { NodeCrypto } from '../../src/lib/native-crypto.js';
import { type DigestForm, padsMac } from '../../src/lib/native-hmac.js';
import { hexDigestMatches, writeHexDigest } from '../../src/lib/hex-digest.js';
import { utf8Into } from '../../src/lib/utf8.js';

const native = nodeCrypto as unknown as NodeCrypto;
const HASHES = ['sha256', 'sha384', 'sha512'] as const;
const WEB_HASH = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

/** The MAC as Web Crypto computes it (a string as its UTF-8 bytes, lone surrogates as U+FFFD, as createHmac does). */
async function webCryptoMac(hash: (typeof HASHES)[number], keyBytes: Uint8Array, data: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: WEB_HASH[hash] }, false, ['sign']);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return Buffer.from(await crypto.subtle.sign('HMAC', key, bytes as Uint8Array<ArrayBuffer>)).toString('base64url');
}

// Where the pad's layout changes: the blocks (64, 128 bytes), the message room of a new pad (1024
// bytes, which a string fills at 1024 / 3 UTF-16 units since it may need 3 bytes each) and twice that.
const EDGES = [64, 128, 341, 342, 1024, 2048];
const nearEdge = fc.constantFrom(...EDGES).chain((n) => fc.integer({ min: n - 4, max: n + 4 }));
// One to four UTF-8 bytes, and lone surrogates (written as U+FFFD, three bytes).
const CHARS = ['a', 'Z', '.', '~', '\u0000', '\u00e9', '\u07ff', '\u0800', '\u4e2d', '\uffff', '\ud83d\ude00', '\ud800', '\udfff'];
const messageNearEdges = fc.oneof(
  nearEdge.chain((n) => fc.string({ minLength: n, maxLength: n })), // ASCII: one byte per unit
  nearEdge.chain((n) => fc.array(fc.constantFrom(...CHARS), { minLength: n, maxLength: n }).map((chars) => chars.join(''))),
  // Exactly around 1024 bytes of UTF-8 in 342 units (ASCII, then three-byte characters).
  fc.integer({ min: 0, max: 4 }).chain((ascii) => fc.integer({ min: 338, max: 343 }).map((wide) => `${'a'.repeat(ascii)}${'\u4e2d'.repeat(wide)}`)),
  nearEdge.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
);

describe.each(['latin1', 'hex'] as DigestForm[])('HMAC from one-shot hashes (native-hmac.ts), %s digests', (form) => {
  const pads = padsMac(native, form);
  const mac = pads && ((hash: 'sha256' | 'sha384' | 'sha512', key: ReturnType<typeof createSecretKey>, data: string | Uint8Array) => pads.mac(hash, key, data));

  it('is used on this Node in this form (crypto.hash exists and the known answers pass)', () => {
    expect(pads).toBeDefined();
  });

  it('equals createHmac for any key length, text (any Unicode, lone surrogates too) and bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HASHES),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 400 })),
        (hash, keyBytes, data) => {
          const key = createSecretKey(keyBytes);
          const expected = createHmac(hash, key).update(data).digest('base64url');
          expect(mac!(hash, key, data)).toBe(expected);
          expect(pads!.matches(hash, key, data, expected)).toBe(true);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('equals createHmac and Web Crypto for messages around the block sizes and the pad\'s room, its keys kept from run to run', async () => {
    // Kept keys: their pads grow for long messages and then serve short ones again. Lengths around
    // each block; one set per hash, as a key object always serves one algorithm.
    const keys = [1, 32, 63, 64, 65, 127, 128, 129, 200].map((length) => new Uint8Array(length).map((_, i) => (i * 151 + length) & 255));
    const kept = Object.fromEntries(HASHES.map((hash) => [hash, keys.map((bytes) => createSecretKey(bytes))]));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HASHES), fc.nat(keys.length - 1), messageNearEdges, async (hash, k, data) => {
        const key = kept[hash]![k]!;
        const expected = createHmac(hash, key).update(data).digest('base64url');
        expect(await webCryptoMac(hash, keys[k]!, data)).toBe(expected);
        expect(mac!(hash, key, data)).toBe(expected);
        expect(pads!.matches(hash, key, data, expected)).toBe(true);
        const changed = `${expected[0] === 'A' ? 'B' : 'A'}${expected.slice(1)}`;
        expect(pads!.matches(hash, key, data, changed)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('grows a pad exactly at its room: 341 and 342 three-byte characters, then short messages again', () => {
    const key = createSecretKey(new Uint8Array(32).fill(3));
    for (const data of ['\u4e2d'.repeat(341), 'a', '\u4e2d'.repeat(342), `a${'\u4e2d'.repeat(341)}`, 'ab', '\ud83d\ude00'.repeat(1000), 'abc']) {
      expect(mac!('sha256', key, data)).toBe(createHmac('sha256', key).update(data).digest('base64url'));
    }
  });

  it('matches only the exact MAC: any changed character, a shorter or a longer segment is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HASHES), fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.string(), fc.nat(), (hash, keyBytes, data, at) => {
        const key = createSecretKey(keyBytes);
        const expected = createHmac(hash, key).update(data).digest('base64url');
        const i = at % (expected.length - 1); // the last character also carries zero padding bits
        const changed = `${expected.slice(0, i)}${expected[i] === 'A' ? 'B' : 'A'}${expected.slice(i + 1)}`;
        expect(pads!.matches(hash, key, data, changed)).toBe(false);
        expect(pads!.matches(hash, key, data, expected.slice(0, -1))).toBe(false);
        expect(pads!.matches(hash, key, data, `${expected}A`)).toBe(false);
        expect(pads!.matches(hash, key, data, expected)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each key apart, and each key\'s buffer right as message lengths change and it grows', () => {
    const a = createSecretKey(new Uint8Array(32).fill(1));
    const b = createSecretKey(new Uint8Array(32).fill(2));
    const long = 'x'.repeat(5000); // grows b's buffer
    const cases = [[a, 'one'], [b, long], [a, 'one'], [b, 'two'], [b, 'two'], [b, `${long}y`], [b, 'twO'], [a, 'on']] as const;
    for (const [key, data] of cases) {
      expect(mac!('sha256', key, data)).toBe(createHmac('sha256', key).update(data).digest('base64url'));
    }
  });

  it('serves a key object only with the hash its pads were made for (another hash goes to createHmac)', () => {
    const key = createSecretKey(new Uint8Array(48).fill(9));
    expect(mac!('sha256', key, 'data')).toBe(createHmac('sha256', key).update('data').digest('base64url'));
    for (const other of ['sha384', 'sha512'] as const) {
      expect(mac!(other, key, 'data')).toBeUndefined();
      expect(pads!.matches(other, key, 'data', createHmac(other, key).update('data').digest('base64url'))).toBeUndefined();
    }
    expect(pads!.matches('sha256', key, 'data', createHmac('sha256', key).update('data').digest('base64url'))).toBe(true);
  });

  it('declines messages too large to keep a buffer for (createHmac takes them)', () => {
    const key = createSecretKey(new Uint8Array(32).fill(7));
    expect(mac!('sha256', key, 'a'.repeat(40_000))).toBeUndefined();
    // The limit is on the room a string may need (3 bytes per unit), not on its bytes.
    expect(mac!('sha256', key, 'a'.repeat(21_825))).toBeUndefined(); // 64 + 3 x 21,825 > 64 KiB
    expect(mac!('sha256', key, 'a'.repeat(21_824))).toBe(createHmac('sha256', key).update('a'.repeat(21_824)).digest('base64url'));
    expect(mac!('sha256', key, new Uint8Array(70_000))).toBeUndefined();
    const big = new Uint8Array(70_000);
    expect(pads!.matches('sha256', key, big, createHmac('sha256', key).update(big).digest('base64url'))).toBeUndefined();
  });

  it('leaves a key whose bytes cannot be read to createHmac', () => {
    const sealed = Object.assign(Object.create(createSecretKey(new Uint8Array(32))), {
      export() {
        throw new Error('not exportable here');
      },
    });
    expect(mac!('sha256', sealed, 'data')).toBeUndefined();
    expect(pads!.matches('sha256', sealed, 'data', 'x'.repeat(43))).toBeUndefined();
  });

  it('is not offered where crypto.hash is missing or gives wrong answers', () => {
    expect(padsMac({ ...native, hash: undefined } as unknown as NodeCrypto, form)).toBeUndefined();
    const wrong = { ...native, hash: (alg: string, data: Uint8Array, enc: string) => nodeCrypto.hash(alg === 'sha384' ? 'sha512' : alg, data, enc as 'base64url') };
    expect(padsMac(wrong as unknown as NodeCrypto, form)).toBeUndefined();
    // Upper-case hex, or hex that drops a byte: the known answers catch it.
    const upper = { ...native, hash: (alg: string, data: Uint8Array, enc: string) => nodeCrypto.hash(alg, data, enc as 'hex').toUpperCase() };
    const short = { ...native, hash: (alg: string, data: Uint8Array, enc: string) => nodeCrypto.hash(alg, data, enc as 'hex').slice(2) };
    if (form === 'hex') {
      expect(padsMac(upper as unknown as NodeCrypto, form)).toBeUndefined();
      expect(padsMac(short as unknown as NodeCrypto, form)).toBeUndefined();
    }
  });
});

describe('hex digests (hex-digest.ts)', () => {
  const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const b64Of = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

  it('writes the bytes hex text spells, where asked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(8), (bytes, offset) => {
        const out = new Uint8Array(offset + bytes.length + 3).fill(0xee);
        writeHexDigest(hexOf(bytes), out, offset);
        expect(out.subarray(offset, offset + bytes.length)).toEqual(bytes);
        expect([...out.subarray(0, offset), ...out.subarray(offset + bytes.length)].every((b) => b === 0xee)).toBe(true);
      }),
    );
  });

  it('matches the canonical base64url of the same bytes, and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(32, 48, 64), fc.nat(), fc.nat(63), (size, seed, replacement) => {
        const bytes = new Uint8Array(size).map((_, i) => (seed * 31 + i * 7) & 255);
        const hex = hexOf(bytes);
        const segment = b64Of(bytes);
        expect(hexDigestMatches(hex, segment)).toBe(true);
        const i = seed % segment.length;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const other = alphabet[replacement]!;
        if (other !== segment[i]) expect(hexDigestMatches(hex, `${segment.slice(0, i)}${other}${segment.slice(i + 1)}`)).toBe(false);
        expect(hexDigestMatches(hex, segment.slice(0, -1))).toBe(false);
        expect(hexDigestMatches(hex, `${segment}A`)).toBe(false);
        expect(hexDigestMatches(hex, `${segment}AAAA`)).toBe(false);
        expect(hexDigestMatches(hex.slice(2), segment)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses non-canonical spellings of the right bytes: padding, +, /, trailing bits, other characters', () => {
    const bytes = new Uint8Array(32).map((_, i) => (i * 37 + 250) & 255); // has bytes that encode to - and _
    const hex = hexOf(bytes);
    const segment = b64Of(bytes);
    expect(segment).toMatch(/[-_]/);
    expect(hexDigestMatches(hex, segment)).toBe(true);
    expect(hexDigestMatches(hex, `${segment}=`)).toBe(false);
    expect(hexDigestMatches(hex, segment.replace(/-/g, '+').replace(/_/g, '/'))).toBe(false);
    // 43 characters carry 258 bits: the last character's 2 low bits must be zero.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(segment.at(-1)!);
    for (const extra of [1, 2, 3]) {
      const tweaked = `${segment.slice(0, -1)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last | extra]}`;
      expect(Buffer.from(tweaked, 'base64url')).toEqual(Buffer.from(bytes)); // a lenient decoder reads the same bytes
      expect(hexDigestMatches(hex, tweaked)).toBe(false);
    }
    for (const bad of [' ', '.', '\u0000', '\u00c1', '\u0141', '\ud83d']) {
      expect(hexDigestMatches(hex, `${segment.slice(0, 5)}${bad}${segment.slice(6)}`)).toBe(false);
    }
  });
});

describe('equalsConstantTime', () => {
  it('is true only for identical strings', () => {
    const mac = createHmac('sha256', 'k').update('m').digest('base64url');
    expect(equalsConstantTime(mac, mac.slice())).toBe(true);
    for (let i = 0; i < mac.length; i++) {
      const changed = mac.slice(0, i) + (mac[i] === 'A' ? 'B' : 'A') + mac.slice(i + 1);
      expect(equalsConstantTime(mac, changed)).toBe(false);
    }
    expect(equalsConstantTime(mac, mac.slice(0, -1))).toBe(false);
    expect(equalsConstantTime(mac, `${mac}A`)).toBe(false);
    expect(equalsConstantTime('', '')).toBe(true);
    // Characters that agree in their low bits still differ.
    expect(equalsConstantTime('A', '\u0141')).toBe(false);
  });
});

describe('UTF-8 into a buffer (utf8Into)', () => {
  it('writes exactly the UTF-8 of any text where it fits, and says when it does not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), fc.nat(8), (text, spare) => {
        const bytes = Buffer.from(text, 'utf8');
        const out = new Uint8Array(bytes.length + spare).fill(0xee);
        expect(utf8Into(text, out)).toBe(bytes.length);
        expect(Buffer.from(out.subarray(0, bytes.length))).toEqual(bytes);
        expect(out.subarray(bytes.length).every((b) => b === 0xee)).toBe(true);
        if (bytes.length > 0) expect(utf8Into(text, new Uint8Array(bytes.length - 1))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('the createHmac fallback (runtimes without crypto.hash)', () => {
  it('serves messages too large for a pad, text and bytes, with the same MACs and verdicts', async () => {
    const { nativeMacMatches, nativeMacText } = await import('../../src/lib/native-crypto.js');
    const { algorithmSpec } = await import('../../src/lib/algorithms.js');
    const fast = padsMac(native)!;
    const spec = algorithmSpec('HS256')!;
    const key = createSecretKey(new Uint8Array(32).map((_, i) => i * 3));
    for (const data of ['a'.repeat(30_000), '\u4e2d'.repeat(22_000), `${'\ud83d\ude00'.repeat(11_000)}\ud800`, new Uint8Array(70_000).fill(5)]) {
      expect(fast.mac('sha256', key, data)).toBeUndefined();
      const expected = createHmac('sha256', key).update(data).digest('base64url');
      expect(nativeMacText(native, spec, key, data, fast)).toBe(expected);
      expect(nativeMacMatches(native, spec, key, data, expected, fast)).toBe(true);
      expect(nativeMacMatches(native, spec, key, data, `${expected[0] === 'A' ? 'B' : 'A'}${expected.slice(1)}`, fast)).toBe(false);
    }
  });

  it('gives the same MACs and the same verdicts as the one-shot path', async () => {
    const { nativeMacMatches, nativeMacText } = await import('../../src/lib/native-crypto.js');
    const { algorithmSpec } = await import('../../src/lib/algorithms.js');
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      const spec = algorithmSpec(alg)!;
      const key = createSecretKey(new Uint8Array(64).map((_, i) => i));
      const expected = nativeMacText(native, spec, key, 'header.payload');
      expect(nativeMacText(native, spec, key, 'header.payload', undefined)).toBe(expected);
      expect(nativeMacMatches(native, spec, key, 'header.payload', expected, undefined)).toBe(true);
      const changed = `${expected[0] === 'A' ? 'B' : 'A'}${expected.slice(1)}`;
      expect(nativeMacMatches(native, spec, key, 'header.payload', changed, undefined)).toBe(false);
      expect(nativeMacMatches(native, spec, key, 'header.payload', changed)).toBe(false);
    }
  });
});
