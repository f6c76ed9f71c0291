import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/lib/base64url.js';
import { type ContentEncryptionAlgorithm, type KeyManagementAlgorithm, keyManagementSpec } from '../../src/jwe/algorithms.js';
import { makeJweKey } from '../../src/jwe/key.js';
import { aesGcmKeyWrap } from '../../src/jwe/key-management/aes-gcm-kw.js';
import { bufferSource } from '../../src/jwe/subtle.js';

const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
const FAILED = { name: 'JwtError', code: 'ERR_JWE_DECRYPTION_FAILED', message: 'The token cannot be decrypted with this key' };
const LIMITS = { maxPbes2Count: 100_000 };

async function gcmKey(alg: KeyManagementAlgorithm, bytes: Uint8Array) {
  const cryptoKey = await crypto.subtle.importKey('raw', bufferSource(bytes), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return makeJweKey({ alg, enc: 'A256GCM', type: 'secret' }, { kind: 'crypto', cryptoKey });
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('aesGcmKeyWrap: round trips', () => {
  const cases = [
    ['A128GCMKW', 16, 'A128GCM', 16],
    ['A192GCMKW', 24, 'A192GCM', 24],
    ['A256GCMKW', 32, 'A128CBC-HS256', 32],
    ['A256GCMKW', 32, 'A256CBC-HS512', 64],
  ] as const;

  for (const [alg, kekBytes, enc, cekBytes] of cases) {
    it(`${alg} with ${enc}: iv (12 bytes) and tag (16 bytes) travel in the header`, async () => {
      const spec = keyManagementSpec(alg)!;
      const key = await gcmKey(alg, random(kekBytes));
      const first = await aesGcmKeyWrap.encrypt(spec, key, enc, {});
      const second = await aesGcmKeyWrap.encrypt(spec, key, enc, {});
      expect(first.cek.length).toBe(cekBytes);
      expect(first.encryptedKey.length).toBe(cekBytes);
      expect(Object.keys(first.parameters).sort()).toEqual(['iv', 'tag']);
      expect(decodeBase64url(first.parameters.iv as string)!.length).toBe(12);
      expect(decodeBase64url(first.parameters.tag as string)!.length).toBe(16);
      expect(first.parameters.iv).not.toBe(second.parameters.iv);
      expect(await aesGcmKeyWrap.decrypt(spec, key, enc, first.encryptedKey, first.parameters, LIMITS)).toEqual(first.cek);
    });
  }
});

describe('aesGcmKeyWrap: refusals', () => {
  const spec = keyManagementSpec('A128GCMKW')!;
  const enc: ContentEncryptionAlgorithm = 'A128GCM';

  async function sealed() {
    const key = await gcmKey('A128GCMKW', random(16));
    const result = await aesGcmKeyWrap.encrypt(spec, key, enc, {});
    return { key, ...result, header: result.parameters as Record<string, unknown> };
  }

  it.each([
    ['iv missing', { iv: undefined }],
    ['iv not a string', { iv: 12 }],
    ['iv padded base64url', { iv: 'AAAAAAAAAAAAAAAA=' }],
    ['iv of 16 bytes', { iv: encodeBase64url(new Uint8Array(16)) }],
    ['iv of 11 bytes', { iv: encodeBase64url(new Uint8Array(11)) }],
    ['tag missing', { tag: undefined }],
    ['tag with "+"', { tag: 'AAAAAAAAAAAAAAAAAAAA+A' }],
    ['tag of 12 bytes (truncated)', { tag: encodeBase64url(new Uint8Array(12)) }],
    ['tag of 17 bytes', { tag: encodeBase64url(new Uint8Array(17)) }],
  ])('%s: ERR_JWT_MALFORMED', async (_label, change) => {
    const { key, encryptedKey, header } = await sealed();
    const changed: Record<string, unknown> = { ...header, ...change };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete changed[name];
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, encryptedKey, changed, LIMITS)).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('an inherited iv does not count (only own header members are read)', async () => {
    const { key, encryptedKey, header } = await sealed();
    const inherited = Object.assign(Object.create({ iv: header.iv }), { tag: header.tag }) as Record<string, unknown>;
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, encryptedKey, inherited, LIMITS)).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('a wrong key, a changed iv, tag or encrypted key all fail with the one decryption error', async () => {
    const { key, encryptedKey, header } = await sealed();
    const other = await gcmKey('A128GCMKW', random(16));
    await expect(aesGcmKeyWrap.decrypt(spec, other, enc, encryptedKey, header, LIMITS)).rejects.toMatchObject(FAILED);
    const flip = (bytes: Uint8Array) => {
      const copy = bytes.slice();
      copy[0]! ^= 1;
      return copy;
    };
    const iv = encodeBase64url(flip(decodeBase64url(header.iv as string)!));
    const tag = encodeBase64url(flip(decodeBase64url(header.tag as string)!));
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, encryptedKey, { ...header, iv }, LIMITS)).rejects.toMatchObject(FAILED);
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, encryptedKey, { ...header, tag }, LIMITS)).rejects.toMatchObject(FAILED);
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, flip(encryptedKey), header, LIMITS)).rejects.toMatchObject(FAILED);
  });

  it('refuses a key made for another alg', async () => {
    const key = await gcmKey('A256GCMKW', random(32));
    await expect(aesGcmKeyWrap.encrypt(spec, key, enc, {})).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a CryptoKey that cannot encrypt with AES-GCM is ERR_KEY_INVALID, never a Web Crypto exception', async () => {
    const cryptoKey = await crypto.subtle.importKey('raw', random(16), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    const key = makeJweKey({ alg: 'A128GCMKW', enc, type: 'secret' }, { kind: 'crypto', cryptoKey });
    await expect(aesGcmKeyWrap.encrypt(spec, key, enc, {})).rejects.toEqual(code('ERR_KEY_INVALID'));
    const { encryptedKey, header } = await sealed();
    await expect(aesGcmKeyWrap.decrypt(spec, key, enc, encryptedKey, header, LIMITS)).rejects.toMatchObject(FAILED);
  });
});
