import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/lib/base64url.js';
import { type KeyManagementAlgorithm, keyManagementSpec } from '../../src/jwe/algorithms.js';
import { makeJweKey } from '../../src/jwe/key.js';
import { wrapWithKek } from '../../src/jwe/key-management/aes-kw.js';
import { DEFAULT_PBES2_COUNT, derivePbkdf2, pbes2, pbes2Salt } from '../../src/jwe/key-management/pbes2.js';
import { bufferSource } from '../../src/jwe/subtle.js';
import cookbook from '../fixtures/jwe/cookbook-secret-key-steps.json' with { type: 'json' };
import sha256Aes128 from '../fixtures/jwe/pbes2_hmacsha256_aes_128_test.json' with { type: 'json' };
import sha512Aes256 from '../fixtures/jwe/pbes2_hmacsha512_aes_256_test.json' with { type: 'json' };

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
const FAILED = { name: 'JwtError', code: 'ERR_JWE_DECRYPTION_FAILED', message: 'The token cannot be decrypted with this key' };
const LIMITS = { maxPbes2Count: 100_000 };

const passwordKey = (password: Uint8Array) => crypto.subtle.importKey('raw', bufferSource(password), 'PBKDF2', false, ['deriveBits']);

async function pbes2Key(alg: KeyManagementAlgorithm, password: string | Uint8Array) {
  const bytes = typeof password === 'string' ? new TextEncoder().encode(password) : password;
  return makeJweKey({ alg, enc: 'A128GCM', type: 'secret' }, { kind: 'crypto', cryptoKey: await passwordKey(bytes) });
}

describe('derivePbkdf2: Wycheproof PBES2 (PBKDF2-HMAC, then AES-CBC with the derived key)', () => {
  // These vectors are PKCS#5 PBES2: the derived key decrypts `ct` with AES-CBC. Only the PBKDF2 step
  // is the JWE family's; a decryption giving `msg` proves the derived key byte for byte. Passwords
  // include non-UTF-8 bytes, which a bytes password reaches.
  const files = [
    ['pbes2_hmacsha256_aes_128_test', sha256Aes128, 'SHA-256', 16],
    ['pbes2_hmacsha512_aes_256_test', sha512Aes256, 'SHA-512', 32],
  ] as const;

  for (const [name, file, hash, keyBytes] of files) {
    const tests = file.testGroups.flatMap((group) => group.tests);
    it(`${name}: all ${file.numberOfTests} tests`, async () => {
      expect(tests.length).toBe(file.numberOfTests);
      for (const test of tests) {
        expect(test.result).toBe('valid');
        const derived = await derivePbkdf2(await passwordKey(hex(test.password)), hash, hex(test.salt), test.iterationCount, keyBytes);
        const aes = await crypto.subtle.importKey('raw', bufferSource(derived), 'AES-CBC', false, ['decrypt']);
        const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: hex(test.iv) }, aes, hex(test.ct)));
        expect(toHex(plain), `tcId ${test.tcId}`).toBe(test.msg);
      }
    });
  }
});

describe('pbes2: RFC 7520 section 5.3 (PBES2-HS512+A256KW, p2c 8192)', () => {
  const vector = cookbook.cases['5.3'];
  const spec = keyManagementSpec(vector.alg)!;

  it('the salt is UTF8(alg) || 0x00 || p2s', () => {
    const p2s = decodeBase64url(vector.protected.p2s)!;
    const salt = pbes2Salt(vector.alg, p2s);
    expect(toHex(salt)).toBe(toHex(new TextEncoder().encode('PBES2-HS512+A256KW')) + '00' + toHex(p2s));
  });

  it('decrypting its encrypted key with its password gives exactly its CEK', async () => {
    const key = await pbes2Key('PBES2-HS512+A256KW', vector.pwd);
    const cek = await pbes2.decrypt(spec, key, 'A128CBC-HS256', decodeBase64url(vector.encrypted_key)!, vector.protected, LIMITS);
    expect(encodeBase64url(cek)).toBe(vector.cek);
  });

  it('deriving and wrapping its CEK gives exactly its encrypted key', async () => {
    const password = await passwordKey(new TextEncoder().encode(vector.pwd));
    const salt = pbes2Salt(vector.alg, decodeBase64url(vector.protected.p2s)!);
    const kek = await derivePbkdf2(password, 'SHA-512', salt, vector.protected.p2c, 32);
    expect(encodeBase64url(await wrapWithKek(kek, decodeBase64url(vector.cek)!))).toBe(vector.encrypted_key);
  });

  it('a limit under its p2c refuses it with ERR_JWE_ALG_NOT_ALLOWED', async () => {
    const key = await pbes2Key('PBES2-HS512+A256KW', vector.pwd);
    const decrypted = pbes2.decrypt(spec, key, 'A128CBC-HS256', decodeBase64url(vector.encrypted_key)!, vector.protected, {
      maxPbes2Count: 8191,
    });
    await expect(decrypted).rejects.toMatchObject({
      code: 'ERR_JWE_ALG_NOT_ALLOWED',
      message: "The token's PBES2 iteration count (p2c) is above the limit of 8191; raise the option maxPbes2Count to accept it",
    });
  });
});

describe('pbes2: round trips', () => {
  const cases = [
    ['PBES2-HS256+A128KW', 'A128GCM', 16],
    ['PBES2-HS384+A192KW', 'A192CBC-HS384', 48],
    ['PBES2-HS512+A256KW', 'A256CBC-HS512', 64],
  ] as const;

  for (const [alg, enc, cekBytes] of cases) {
    it(`${alg} with ${enc}`, async () => {
      const spec = keyManagementSpec(alg)!;
      const key = await pbes2Key(alg, 'correct horse battery staple');
      const result = await pbes2.encrypt(spec, key, enc, { p2c: 1000 });
      expect(result.cek.length).toBe(cekBytes);
      expect(result.encryptedKey.length).toBe(cekBytes + 8);
      expect(result.parameters.p2c).toBe(1000);
      expect(decodeBase64url(result.parameters.p2s as string)!.length).toBe(16);
      expect(await pbes2.decrypt(spec, key, enc, result.encryptedKey, result.parameters, LIMITS)).toEqual(result.cek);
    });
  }

  it(`defaults to p2c ${DEFAULT_PBES2_COUNT} and a fresh random 16-byte p2s`, async () => {
    const spec = keyManagementSpec('PBES2-HS256+A128KW')!;
    const key = await pbes2Key('PBES2-HS256+A128KW', 'pw');
    const first = await pbes2.encrypt(spec, key, 'A128GCM', {});
    const second = await pbes2.encrypt(spec, key, 'A128GCM', {});
    expect(first.parameters.p2c).toBe(100_000);
    expect(first.parameters.p2s).not.toBe(second.parameters.p2s);
    expect(await pbes2.decrypt(spec, key, 'A128GCM', first.encryptedKey, first.parameters, LIMITS)).toEqual(first.cek);
  });

  it('writes a given p2s (8 bytes is enough) and a given p2c', async () => {
    const spec = keyManagementSpec('PBES2-HS256+A128KW')!;
    const key = await pbes2Key('PBES2-HS256+A128KW', new Uint8Array([0xff, 0x00, 0x80]));
    const p2s = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const result = await pbes2.encrypt(spec, key, 'A128GCM', { p2c: 4096, p2s });
    expect(result.parameters).toEqual({ p2s: encodeBase64url(p2s), p2c: 4096 });
    expect(await pbes2.decrypt(spec, key, 'A128GCM', result.encryptedKey, result.parameters, LIMITS)).toEqual(result.cek);
  });
});

describe('pbes2: refusals when encrypting', () => {
  const spec = keyManagementSpec('PBES2-HS256+A128KW')!;

  it.each([999, 0, -1000, 1000.5, 10_000_001, Number.NaN, Number.POSITIVE_INFINITY])('p2c %s: ERR_INVALID_ARGUMENT', async (p2c) => {
    const key = await pbes2Key('PBES2-HS256+A128KW', 'pw');
    await expect(pbes2.encrypt(spec, key, 'A128GCM', { p2c })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: 'p2c must be an integer from 1000 to 10000000 (default 100000)',
    });
  });

  it('a p2s under 8 bytes: ERR_INVALID_ARGUMENT', async () => {
    const key = await pbes2Key('PBES2-HS256+A128KW', 'pw');
    await expect(pbes2.encrypt(spec, key, 'A128GCM', { p2c: 1000, p2s: new Uint8Array(7) })).rejects.toEqual(
      code('ERR_INVALID_ARGUMENT'),
    );
  });

  it('a key of another alg, a non-PBES2 row, a key that cannot derive', async () => {
    const other = await pbes2Key('PBES2-HS512+A256KW', 'pw');
    await expect(pbes2.encrypt(spec, other, 'A128GCM', { p2c: 1000 })).rejects.toEqual(code('ERR_KEY_INVALID'));
    const aesKw = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-KW', false, ['wrapKey']);
    const notPbes2 = makeJweKey({ alg: 'A128KW', enc: 'A128GCM', type: 'secret' }, { kind: 'crypto', cryptoKey: aesKw });
    await expect(pbes2.encrypt(keyManagementSpec('A128KW')!, notPbes2, 'A128GCM', {})).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    const cannotDerive = makeJweKey({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', type: 'secret' }, { kind: 'crypto', cryptoKey: aesKw });
    await expect(pbes2.encrypt(spec, cannotDerive, 'A128GCM', { p2c: 1000 })).rejects.toEqual(code('ERR_KEY_INVALID'));
    const header = { p2c: 1000, p2s: encodeBase64url(new Uint8Array(16)) };
    await expect(pbes2.decrypt(spec, cannotDerive, 'A128GCM', new Uint8Array(24), header, LIMITS)).rejects.toMatchObject(FAILED);
  });
});

describe('pbes2: refusals when decrypting', () => {
  const spec = keyManagementSpec('PBES2-HS256+A128KW')!;

  async function sealed() {
    const key = await pbes2Key('PBES2-HS256+A128KW', 'pw');
    const result = await pbes2.encrypt(spec, key, 'A128GCM', { p2c: 1000 });
    return { key, encryptedKey: result.encryptedKey, header: result.parameters as Record<string, unknown> };
  }

  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['p2c missing', { p2c: undefined }],
    ['p2c a string', { p2c: '1000' }],
    ['p2c zero', { p2c: 0 }],
    ['p2c negative', { p2c: -1000 }],
    ['p2c fractional', { p2c: 1000.5 }],
    ['p2c beyond a safe integer', { p2c: 2 ** 53 }],
    ['p2c NaN', { p2c: Number.NaN }],
    ['p2s missing', { p2s: undefined }],
    ['p2s not a string', { p2s: [1, 2, 3, 4, 5, 6, 7, 8] }],
    ['p2s not canonical base64url', { p2s: 'AAAAAAAAAAA=' }],
    ['p2s of 7 bytes', { p2s: encodeBase64url(new Uint8Array(7)) }],
  ])('%s: ERR_JWT_MALFORMED', async (_label, change) => {
    const { key, encryptedKey, header } = await sealed();
    const changed: Record<string, unknown> = { ...header, ...change };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete changed[name];
    await expect(pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, changed, LIMITS)).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('p2c one above the limit: ERR_JWE_ALG_NOT_ALLOWED naming the limit and maxPbes2Count', async () => {
    const { key, encryptedKey, header } = await sealed();
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    const decrypted = pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, header, { maxPbes2Count: 999 });
    await expect(decrypted).rejects.toMatchObject({ code: 'ERR_JWE_ALG_NOT_ALLOWED', message: expect.stringContaining('999') });
    await expect(decrypted).rejects.toMatchObject({ message: expect.stringContaining('maxPbes2Count') });
    expect(deriveBits).not.toHaveBeenCalled();
    // At the limit it derives (once), which also shows the spy sees the family's calls.
    expect(await pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, header, { maxPbes2Count: 1000 })).toHaveLength(16);
    expect(deriveBits).toHaveBeenCalledTimes(1);
  });

  it('a huge p2c (2**31, minutes of PBKDF2) is refused before any derivation, within the default timeout', async () => {
    const { key, encryptedKey, header } = await sealed();
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    const decrypted = pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, { ...header, p2c: 2 ** 31 }, LIMITS);
    await expect(decrypted).rejects.toEqual(code('ERR_JWE_ALG_NOT_ALLOWED'));
    expect(deriveBits).not.toHaveBeenCalled();
  });

  it('the p2c limit is checked before the other header parameters cost anything', async () => {
    const { key, encryptedKey } = await sealed();
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    await expect(pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, { p2c: 2 ** 31 }, LIMITS)).rejects.toEqual(
      code('ERR_JWE_ALG_NOT_ALLOWED'),
    );
    expect(deriveBits).not.toHaveBeenCalled();
  });

  it('a wrong password, another p2s or another p2c fail with the one decryption error', async () => {
    const { key, encryptedKey, header } = await sealed();
    const other = await pbes2Key('PBES2-HS256+A128KW', 'pW');
    await expect(pbes2.decrypt(spec, other, 'A128GCM', encryptedKey, header, LIMITS)).rejects.toMatchObject(FAILED);
    const p2s = encodeBase64url(new Uint8Array(16));
    await expect(pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, { ...header, p2s }, LIMITS)).rejects.toMatchObject(FAILED);
    await expect(pbes2.decrypt(spec, key, 'A128GCM', encryptedKey, { ...header, p2c: 1001 }, LIMITS)).rejects.toMatchObject(FAILED);
  });
});
