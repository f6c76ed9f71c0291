/**
 * The compact serialization as decryptCompact reads it: exactly five canonical base64url segments,
 * a protected header that is a JSON object with alg and enc strings and no repeated member, a
 * length limit checked first. Every refusal here is a format error, found before any key is used.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact, type JweKey } from '../../src/index.js';
import { additionalData, DEFAULT_MAX_JWE_LENGTH, parseCompactJwe } from '../../src/jwe/compact.js';
import { encodeHeader, join, keysFor, rejection, split } from './helpers.js';

let key: JweKey;
let token: string;

beforeAll(async () => {
  ({ decryptKey: key } = await keysFor('dir', 'A256GCM'));
  token = await encryptCompact('hello', key);
});

describe('segments', () => {
  it.each([
    ['three (a JWS)', (t: string) => t.split('.').slice(0, 3).join('.')],
    ['four', (t: string) => t.split('.').slice(0, 4).join('.')],
    ['six', (t: string) => `${t}.AAAA`],
    ['seven', (t: string) => `${t}.AAAA.AAAA`],
    ['none (no dots)', (t: string) => t.replaceAll('.', '')],
  ])('%s segments are malformed', async (_what, change) => {
    await rejection(decryptCompact(change(token), key), 'ERR_JWT_MALFORMED');
  });

  it('says so when given a signed JWS', async () => {
    const error = await rejection(decryptCompact('eyJhbGciOiJIUzI1NiJ9.e30.c2ln', key), 'ERR_JWT_MALFORMED');
    expect(error.message).toContain('a signed JWS, not an encrypted JWE');
  });

  it('refuses a non-string token', async () => {
    await rejection(decryptCompact(42 as unknown as string, key), 'ERR_JWT_MALFORMED');
  });

  it.each([
    ['protected header', 'headerSegment'],
    ['initialization vector', 'iv'],
    ['authentication tag', 'tag'],
  ] as const)('refuses a missing %s', async (_what, segment) => {
    await rejection(decryptCompact(join({ ...split(token), [segment]: '' }), key), 'ERR_JWT_MALFORMED');
  });
});

describe('canonical base64url in every segment', () => {
  const SEGMENTS = ['headerSegment', 'encryptedKey', 'iv', 'ciphertext', 'tag'] as const;
  it.each(SEGMENTS.flatMap((segment) => [
    [segment, 'padding', (s: string) => `${s}=`],
    [segment, 'a "+" (base64, not base64url)', (s: string) => `+${s.slice(1)}`],
    [segment, 'whitespace', (s: string) => `${s.slice(0, 2)} ${s.slice(2)}`],
    [segment, 'an impossible length', (s: string) => s + 'A'.repeat((5 - (s.length % 4)) % 4 || 4)],
  ] as const))('%s with %s is malformed', async (segment, _what, change) => {
    const parts = split(token);
    const value = parts[segment] === '' ? 'AA' : parts[segment];
    await rejection(decryptCompact(join({ ...parts, [segment]: change(value) }), key), 'ERR_JWT_MALFORMED');
  });

  it('refuses non-zero trailing bits (a second spelling of the same bytes)', async () => {
    const parts = split(token);
    // The 12-byte IV is 16 characters (no trailing bits); the 16-byte tag ends in 2 padding bits.
    const last = parts.tag.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    await rejection(decryptCompact(join({ ...parts, tag: parts.tag.slice(0, -1) + sibling }), key), 'ERR_JWT_MALFORMED');
  });
});

describe('protected header', () => {
  it.each([
    ['not JSON', Buffer.from('{"alg":"dir",').toString('base64url')],
    ['a JSON array', encodeHeader(['dir', 'A256GCM'])],
    ['JSON null', encodeHeader(null)],
    ['without alg', encodeHeader({ enc: 'A256GCM' })],
    ['without enc', encodeHeader({ alg: 'dir' })],
    ['with a non-string enc', encodeHeader({ alg: 'dir', enc: 256 })],
    ['with a repeated member', Buffer.from('{"alg":"dir","enc":"A256GCM","enc":"A128GCM"}').toString('base64url')],
    ['with a repeated member in another spelling', Buffer.from('{"alg":"dir","enc":"A256GCM","\\u0065nc":"A256GCM"}').toString('base64url')],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')],
  ])('%s is malformed', async (_what, headerSegment) => {
    await rejection(decryptCompact(join({ ...split(token), headerSegment }), key), 'ERR_JWT_MALFORMED');
  });

  it('the additional authenticated data is the ASCII of the header segment', () => {
    const { aad } = parseCompactJwe(token, DEFAULT_MAX_JWE_LENGTH);
    expect(Buffer.from(aad).toString('latin1')).toBe(token.split('.')[0]);
    expect(additionalData('eyJ')).toEqual(Uint8Array.from([101, 121, 74]));
  });
});

describe('length limit', () => {
  it('is 65 536 characters by default, checked before anything is decoded', async () => {
    expect(DEFAULT_MAX_JWE_LENGTH).toBe(65_536);
    const huge = `${'A'.repeat(DEFAULT_MAX_JWE_LENGTH)}.....`;
    const error = await rejection(decryptCompact(huge, key), 'ERR_JWT_TOO_LARGE');
    expect(error.message).toBe('Token is longer than the limit of 65536 characters');
  });

  it('a large token under the limit decrypts', async () => {
    const big = await encryptCompact(new Uint8Array(40_000), key);
    expect(big.length).toBeGreaterThan(8192);
    expect((await decryptCompact(big, key)).plaintext.length).toBe(40_000);
  });

  it('follows maxTokenLength', async () => {
    await rejection(decryptCompact(token, key, { maxTokenLength: token.length - 1 }), 'ERR_JWT_TOO_LARGE');
    expect((await decryptCompact(token, key, { maxTokenLength: token.length })).plaintext.length).toBe(5);
  });
});
