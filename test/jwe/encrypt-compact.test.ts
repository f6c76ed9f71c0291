/**
 * What encryptCompact writes: the protected header (alg, enc, the family's parameters, then kid,
 * typ, cty and the caller's members), never a member the library owns from the caller, and options
 * that only some families take refused for the others.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact, generateEncryptionKey, type JweKey } from '../../src/index.js';
import { keysFor, rejection, split } from './helpers.js';

let key: JweKey;

beforeAll(async () => {
  key = await generateEncryptionKey('dir', 'A128CBC-HS256', { kid: 'key-kid' });
});

describe('the protected header', () => {
  it('is alg, enc and the key kid by default; no typ', async () => {
    expect(split(await encryptCompact('x', key)).header).toEqual({ alg: 'dir', enc: 'A128CBC-HS256', kid: 'key-kid' });
    const noKid = await generateEncryptionKey('dir', 'A128CBC-HS256');
    expect(split(await encryptCompact('x', noKid)).header).toEqual({ alg: 'dir', enc: 'A128CBC-HS256' });
  });

  it('takes kid, typ, cty and extra members; options win over header members', async () => {
    const token = await encryptCompact('x', key, { kid: 'opt-kid', typ: 'secevent+jwt', cty: 'text/plain', header: { kid: 'h-kid', typ: 'h', x: [1] } });
    expect(split(token).header).toEqual({ alg: 'dir', enc: 'A128CBC-HS256', kid: 'opt-kid', typ: 'secevent+jwt', cty: 'text/plain', x: [1] });
    const fromHeader = await encryptCompact('x', key, { header: { kid: 'h-kid', typ: 'h' } });
    expect(split(fromHeader).header).toMatchObject({ kid: 'h-kid', typ: 'h' });
    const withoutTyp = await encryptCompact('x', key, { typ: null, header: { typ: 'h' } });
    expect(split(withoutTyp).header.typ).toBeUndefined();
  });

  it('skips undefined header members', async () => {
    expect(split(await encryptCompact('x', key, { header: { zip: undefined, a: undefined } })).header).toEqual({
      alg: 'dir',
      enc: 'A128CBC-HS256',
      kid: 'key-kid',
    });
  });

  it.each(['alg', 'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c'])('refuses "%s" from the header option', async (name) => {
    const error = await rejection(encryptCompact('x', key, { header: { [name]: 'A256KW' } }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`header must not set "${name}": the library writes it`);
  });

  it('refuses non-string kid, typ and cty header members, and a header that is not a plain object', async () => {
    for (const name of ['kid', 'typ', 'cty']) await rejection(encryptCompact('x', key, { header: { [name]: 1 } }), 'ERR_INVALID_ARGUMENT');
    await rejection(encryptCompact('x', key, { header: new Map() as unknown as Record<string, unknown> }), 'ERR_INVALID_ARGUMENT');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await rejection(encryptCompact('x', key, { header: { cyclic } }), 'ERR_INVALID_ARGUMENT');
  });

  it('writes the family parameters: epk for ECDH-ES, p2s and p2c for PBES2, iv and tag for AES-GCM key wrap', async () => {
    const ecdh = await keysFor('ECDH-ES+A128KW', 'A128GCM');
    const apu = new TextEncoder().encode('Alice');
    const apv = new TextEncoder().encode('Bob');
    const header = split(await encryptCompact('x', ecdh.encryptKey, { apu, apv })).header;
    expect(Object.keys(header).sort()).toEqual(['alg', 'apu', 'apv', 'enc', 'epk']);
    expect(header).toMatchObject({ apu: 'QWxpY2U', apv: 'Qm9i' });

    const pbes2 = await keysFor('PBES2-HS256+A128KW', 'A128GCM');
    const p = split(await encryptCompact('x', pbes2.encryptKey, { p2c: 2000 })).header;
    expect(p.p2c).toBe(2000);
    expect(typeof p.p2s).toBe('string');

    const gcmkw = await keysFor('A128GCMKW', 'A128GCM');
    expect(Object.keys(split(await encryptCompact('x', gcmkw.encryptKey)).header).sort()).toEqual(['alg', 'enc', 'iv', 'tag']);
  });
});

describe('options only some families take', () => {
  it('p2c is for PBES2 only, and at least 1000', async () => {
    expect((await rejection(encryptCompact('x', key, { p2c: 2000 }), 'ERR_INVALID_ARGUMENT')).message).toBe('p2c applies to PBES2 keys only');
    const pbes2 = await keysFor('PBES2-HS256+A128KW', 'A128GCM');
    for (const p2c of [999, 0, -1, 1000.5, Number.NaN]) await rejection(encryptCompact('x', pbes2.encryptKey, { p2c }), 'ERR_INVALID_ARGUMENT');
  });

  it('apu and apv are for ECDH-ES only', async () => {
    await rejection(encryptCompact('x', key, { apu: new Uint8Array(4) }), 'ERR_INVALID_ARGUMENT');
    await rejection(encryptCompact('x', key, { apv: new Uint8Array(4) }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('plaintext', () => {
  it('is bytes or a string', async () => {
    for (const value of [42, null, { a: 1 }, [1, 2]]) {
      await rejection(encryptCompact(value as unknown as string, key), 'ERR_INVALID_ARGUMENT');
    }
  });

  it('each token has a fresh IV, so the same plaintext never encrypts the same way twice', async () => {
    const a = split(await encryptCompact('same', key));
    const b = split(await encryptCompact('same', key));
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('compresses with compress: true', async () => {
    const text = 'a'.repeat(5000);
    const plain = await encryptCompact(text, key);
    const compressed = await encryptCompact(text, key, { compress: true });
    expect(compressed.length).toBeLessThan(plain.length / 10);
    expect(new TextDecoder().decode((await decryptCompact(compressed, key, { allowCompression: true })).plaintext)).toBe(text);
  });
});
