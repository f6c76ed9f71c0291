/**
 * Every alg x enc pair encrypts and decrypts through the public API: bytes, text, claims, and
 * compressed content. The header carries exactly the key's alg and enc, and the key's kid.
 */
import { describe, expect, it } from 'vitest';
import { decrypt, decryptCompact, encrypt, encryptCompact } from '../../src/index.js';
import { contentEncryptionSpec } from '../../src/jwe/algorithms.js';
import { ALL_PAIRS, encryptOptionsFor, keysFor, split } from './helpers.js';

describe.each(ALL_PAIRS)('%s with %s', (alg, enc) => {
  it('round-trips bytes and text; the header names the pair and the kid', async () => {
    const { encryptKey, decryptKey } = await keysFor(alg, enc, { kid: 'k-1' });
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    const token = await encryptCompact(bytes, encryptKey, encryptOptionsFor(alg));
    const parts = split(token);
    expect(parts.header).toMatchObject({ alg, enc, kid: 'k-1' });
    expect(parts.header.zip).toBeUndefined();
    expect(Buffer.from(parts.iv, 'base64url').length).toBe(contentEncryptionSpec(enc)!.ivBytes);
    expect(parts.encryptedKey === '').toBe(alg === 'dir' || alg === 'ECDH-ES');

    const result = await decryptCompact(token, decryptKey);
    expect(result.plaintext).toEqual(bytes);
    expect(result.header).toEqual(parts.header);
    expect(result.key).toBe(decryptKey);

    const text = await encryptCompact('héllo wörld', encryptKey, encryptOptionsFor(alg));
    expect(new TextDecoder().decode((await decryptCompact(text, decryptKey)).plaintext)).toBe('héllo wörld');
  });

  it('round-trips a claims set (typ JWT) and compressed content', async () => {
    const { encryptKey, decryptKey } = await keysFor(alg, enc);
    const token = await encrypt({ sub: 'user-1', role: 'admin' }, encryptKey, { ...encryptOptionsFor(alg), expiresIn: '5m', compress: true });
    expect(split(token).header).toMatchObject({ typ: 'JWT', zip: 'DEF' });
    const { payload, header } = await decrypt(token, decryptKey, { allowCompression: true });
    expect(payload).toMatchObject({ sub: 'user-1', role: 'admin' });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(header.alg).toBe(alg);
  });
});

describe('empty plaintext', () => {
  it.each([
    ['dir', 'A256GCM'],
    ['dir', 'A128CBC-HS256'],
  ] as const)('%s with %s', async (alg, enc) => {
    const { encryptKey, decryptKey } = await keysFor(alg, enc);
    const token = await encryptCompact(new Uint8Array(0), encryptKey);
    expect((await decryptCompact(token, decryptKey)).plaintext).toEqual(new Uint8Array(0));
  });
});
