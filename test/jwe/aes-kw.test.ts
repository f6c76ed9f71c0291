import { describe, expect, it } from 'vitest';
import { type KeyManagementAlgorithm, keyManagementSpec } from '../../src/jwe/algorithms.js';
import { makeJweKey } from '../../src/jwe/key.js';
import { aesKeyWrap, unwrapWithKek, wrapWithKek } from '../../src/jwe/key-management/aes-kw.js';
import { bufferSource } from '../../src/jwe/subtle.js';
import wycheproof from '../fixtures/jwe/aes_wrap_test.json' with { type: 'json' };

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
const FAILED = { name: 'JwtError', code: 'ERR_JWE_DECRYPTION_FAILED', message: 'The token cannot be decrypted with this key' };

async function aesKwKey(alg: KeyManagementAlgorithm, bytes: Uint8Array) {
  const cryptoKey = await crypto.subtle.importKey('raw', bufferSource(bytes), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
  return makeJweKey({ alg, enc: 'A256GCM', type: 'secret' }, { kind: 'crypto', cryptoKey });
}

// RFC 3394 section 4: KEK 000102..., key data 00112233..., the six wrapped outputs.
const RFC3394 = [
  ['4.1', 16, 16, '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5'],
  ['4.2', 24, 16, '96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d'],
  ['4.3', 32, 16, '64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7'],
  ['4.4', 24, 24, '031d33264e15d33268f24ec260743edce1c6c7ddee725a936ba814915c6762d2'],
  ['4.5', 32, 24, 'a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1'],
  ['4.6', 32, 32, '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21'],
] as const;
const KEK = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const KEY_DATA = hex('00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f');

describe('wrapWithKek / unwrapWithKek: RFC 3394 section 4', () => {
  for (const [section, kekBytes, dataBytes, wrapped] of RFC3394) {
    it(`${section}: ${kekBytes * 8}-bit KEK, ${dataBytes * 8}-bit key data`, async () => {
      const kek = KEK.slice(0, kekBytes);
      const data = KEY_DATA.slice(0, dataBytes);
      expect(toHex(await wrapWithKek(kek, data))).toBe(wrapped);
      expect(toHex(await unwrapWithKek(kek, hex(wrapped)))).toBe(toHex(data));
    });
  }

  it('takes an AES-KW CryptoKey as the KEK as well as bytes', async () => {
    const kek = await crypto.subtle.importKey('raw', KEK.slice(0, 16), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    const wrapped = await wrapWithKek(kek, KEY_DATA.slice(0, 16));
    expect(toHex(wrapped)).toBe(RFC3394[0][3]);
    expect(await unwrapWithKek(kek, wrapped)).toEqual(KEY_DATA.slice(0, 16));
  });
});

describe('wrapWithKek / unwrapWithKek: Wycheproof aes_wrap_test', () => {
  const tests = wycheproof.testGroups.flatMap((group) => group.tests);
  const canWrap = (msg: Uint8Array) => msg.length >= 16 && msg.length % 8 === 0;
  const visiblyMalformed = (ct: Uint8Array) => ct.length < 24 || ct.length % 8 !== 0;

  it('covers every test of the file', () => {
    expect(tests.length).toBe(wycheproof.numberOfTests);
  });

  for (const test of tests) {
    const label = `tcId ${test.tcId} (${test.result}, ${test.flags.join(', ')})`;
    it(label, async () => {
      const kek = hex(test.key);
      const msg = hex(test.msg);
      const ct = hex(test.ct);
      if (test.result === 'valid') {
        expect(toHex(await wrapWithKek(kek, msg))).toBe(test.ct);
        expect(toHex(await unwrapWithKek(kek, ct))).toBe(test.msg);
        return;
      }
      // Invalid, and "acceptable" 8-byte keys (RFC 3394 allows them, JWE CEKs are never that short):
      // refused both ways, with MALFORMED exactly when the length alone shows it.
      if (!canWrap(msg)) await expect(wrapWithKek(kek, msg)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
      await expect(unwrapWithKek(kek, ct)).rejects.toMatchObject(
        visiblyMalformed(ct) ? { code: 'ERR_JWT_MALFORMED' } : FAILED,
      );
    });
  }
});

describe('wrapWithKek / unwrapWithKek: refusals', () => {
  it('a KEK of a length AES does not have cannot wrap (ERR_KEY_INVALID) nor unwrap (decryption failed)', async () => {
    await expect(wrapWithKek(new Uint8Array(20), new Uint8Array(16))).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(unwrapWithKek(new Uint8Array(20), hex(RFC3394[0][3]))).rejects.toMatchObject(FAILED);
  });

  it('a CryptoKey without the wrap usages is refused the same ways', async () => {
    const hmac = await crypto.subtle.importKey('raw', KEK, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await expect(wrapWithKek(hmac, new Uint8Array(16))).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(unwrapWithKek(hmac, hex(RFC3394[0][3]))).rejects.toMatchObject(FAILED);
  });

  it('a wrong KEK and a modified byte fail with one error', async () => {
    const wrapped = hex(RFC3394[5][3]);
    await expect(unwrapWithKek(new Uint8Array(32), wrapped)).rejects.toMatchObject(FAILED);
    const modified = wrapped.slice();
    modified[20]! ^= 1;
    await expect(unwrapWithKek(KEK, modified)).rejects.toMatchObject(FAILED);
  });
});

describe('aesKeyWrap family', () => {
  const cases = [
    ['A128KW', 16, 'A128GCM', 16],
    ['A192KW', 24, 'A192CBC-HS384', 48],
    ['A256KW', 32, 'A256CBC-HS512', 64],
    ['A256KW', 32, 'A256GCM', 32],
  ] as const;

  for (const [alg, kekBytes, enc, cekBytes] of cases) {
    it(`${alg} with ${enc}: a random ${cekBytes}-byte CEK round-trips`, async () => {
      const spec = keyManagementSpec(alg)!;
      const key = await aesKwKey(alg, crypto.getRandomValues(new Uint8Array(kekBytes)));
      const first = await aesKeyWrap.encrypt(spec, key, enc, {});
      const second = await aesKeyWrap.encrypt(spec, key, enc, {});
      expect(first.cek.length).toBe(cekBytes);
      expect(first.encryptedKey.length).toBe(cekBytes + 8);
      expect(first.parameters).toEqual({});
      expect(first.cek).not.toEqual(second.cek);
      const limits = { maxPbes2Count: 100_000 };
      expect(await aesKeyWrap.decrypt(spec, key, enc, first.encryptedKey, {}, limits)).toEqual(first.cek);
    });
  }

  it('a wrong key fails with the one decryption error', async () => {
    const spec = keyManagementSpec('A128KW')!;
    const key = await aesKwKey('A128KW', KEK.slice(0, 16));
    const other = await aesKwKey('A128KW', new Uint8Array(16));
    const { encryptedKey } = await aesKeyWrap.encrypt(spec, key, 'A128GCM', {});
    await expect(aesKeyWrap.decrypt(spec, other, 'A128GCM', encryptedKey, {}, { maxPbes2Count: 1 })).rejects.toMatchObject(FAILED);
  });

  it('refuses a key made for another alg, and an unknown enc', async () => {
    const key = await aesKwKey('A128KW', KEK.slice(0, 16));
    await expect(aesKeyWrap.encrypt(keyManagementSpec('A256KW')!, key, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(aesKeyWrap.encrypt(keyManagementSpec('A128KW')!, key, 'A512GCM' as never, {})).rejects.toEqual(
      code('ERR_INVALID_ARGUMENT'),
    );
  });
});
