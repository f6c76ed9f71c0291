import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/lib/base64url.js';
import type { Jwk } from '../../src/lib/web-types.js';
import {
  type ContentEncryptionAlgorithm,
  type KeyManagementAlgorithm,
  keyManagementSpec,
} from '../../src/jwe/algorithms.js';
import { type JweKey, jweKeyMaterial, makeJweKey } from '../../src/jwe/key.js';
import { decryptContent, encryptContent } from '../../src/jwe/content/index.js';
import { aesGcmKeyWrap } from '../../src/jwe/key-management/aes-gcm-kw.js';
import { aesKeyWrap } from '../../src/jwe/key-management/aes-kw.js';
import type { KeyManagement } from '../../src/jwe/key-management/family.js';
import { pbes2 } from '../../src/jwe/key-management/pbes2.js';
import { secretKeys } from '../../src/jwe/keys/secret-keys.js';
import { exportEncryptionJwk } from '../../src/jwe/export-key.js';
import cookbook from '../fixtures/jwe/cookbook-secret-key-steps.json' with { type: 'json' };

const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
const LIMITS = { maxPbes2Count: 100_000 };
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const spec = (alg: KeyManagementAlgorithm) => keyManagementSpec(alg)!;

async function importKey(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  material: unknown,
  extractable = false,
  kid?: string,
): Promise<JweKey> {
  const imported = await secretKeys.importMaterial(spec(alg), enc, material as Uint8Array, { extractable });
  expect(imported.type).toBe('secret');
  return makeJweKey({ alg, enc, type: imported.type, kid }, imported.material);
}

// The family gives the key's own members; the public function adds alg, use and kid.
async function exportJwk(key: JweKey): Promise<Jwk> {
  return exportEncryptionJwk(key);
}

const FAMILIES: Record<string, KeyManagement> = { 'aes-kw': aesKeyWrap, 'aes-gcm-kw': aesGcmKeyWrap, pbes2 };

async function roundTrip(key: JweKey) {
  const family = FAMILIES[spec(key.alg).family]!;
  const result = await family.encrypt(spec(key.alg), key, key.enc, { p2c: 1000 });
  expect(await family.decrypt(spec(key.alg), key, key.enc, result.encryptedKey, result.parameters, LIMITS)).toEqual(result.cek);
}

describe('secretKeys: RFC 7520 keys at the key management step', () => {
  it('5.8 (A128KW): its JWK decrypts its encrypted key to exactly its CEK', async () => {
    const vector = cookbook.cases['5.8'];
    const key = await importKey('A128KW', 'A128GCM', vector.key);
    const cek = await aesKeyWrap.decrypt(spec('A128KW'), key, 'A128GCM', decodeBase64url(vector.encrypted_key)!, vector.protected, LIMITS);
    expect(encodeBase64url(cek)).toBe(vector.cek);
  });

  it('5.7 (A256GCMKW with iv and tag): its JWK decrypts its encrypted key to exactly its CEK', async () => {
    const vector = cookbook.cases['5.7'];
    const key = await importKey('A256GCMKW', 'A128CBC-HS256', vector.key);
    const encryptedKey = decodeBase64url(vector.encrypted_key)!;
    const cek = await aesGcmKeyWrap.decrypt(spec('A256GCMKW'), key, 'A128CBC-HS256', encryptedKey, vector.protected, LIMITS);
    expect(encodeBase64url(cek)).toBe(vector.cek);
  });

  it('5.3 (PBES2-HS512+A256KW): its password string decrypts its encrypted key to exactly its CEK', async () => {
    const vector = cookbook.cases['5.3'];
    const key = await importKey('PBES2-HS512+A256KW', 'A128CBC-HS256', vector.pwd);
    const encryptedKey = decodeBase64url(vector.encrypted_key)!;
    const cek = await pbes2.decrypt(spec('PBES2-HS512+A256KW'), key, 'A128CBC-HS256', encryptedKey, vector.protected, LIMITS);
    expect(encodeBase64url(cek)).toBe(vector.cek);
  });

  it('5.6 (dir): its JWK, whose alg names the enc, imports as the CEK that decrypts its content, and exports again', async () => {
    const vector = cookbook.cases['5.6'];
    const key = await importKey('dir', 'A128GCM', vector.key, true, vector.key.kid);
    const material = jweKeyMaterial(key)!;
    if (material.kind !== 'content') throw new Error('a dir key holds a content key');
    const content = { iv: decodeBase64url(vector.iv)!, ciphertext: decodeBase64url(vector.ciphertext)!, tag: decodeBase64url(vector.tag)! };
    const plaintext = await decryptContent(material.content, content, new TextEncoder().encode(vector.protected_b64u));
    expect(new TextDecoder().decode(plaintext)).toBe(vector.plaintext);
    expect(await exportJwk(key)).toEqual({ kty: 'oct', k: vector.key.k, alg: 'dir', use: 'enc', kid: vector.key.kid });
  });
});

describe('secretKeys: import', () => {
  const cases = [
    ['A128KW', 'A128GCM', 16, 'AES-KW'],
    ['A192KW', 'A256GCM', 24, 'AES-KW'],
    ['A256KW', 'A128CBC-HS256', 32, 'AES-KW'],
    ['A128GCMKW', 'A128GCM', 16, 'AES-GCM'],
    ['A192GCMKW', 'A192CBC-HS384', 24, 'AES-GCM'],
    ['A256GCMKW', 'A256GCM', 32, 'AES-GCM'],
  ] as const;

  for (const [alg, enc, bytes, webCrypto] of cases) {
    it(`${alg}: ${bytes} bytes or their oct JWK make a non-extractable ${webCrypto} key that round-trips`, async () => {
      const secret = random(bytes);
      for (const material of [secret, { kty: 'oct', k: encodeBase64url(secret), alg, use: 'enc', key_ops: ['wrapKey', 'unwrapKey'] }]) {
        const key = await importKey(alg, enc, material);
        const held = jweKeyMaterial(key)!;
        expect(held.kind).toBe('crypto');
        if (held.kind !== 'crypto') return;
        expect(held.cryptoKey.algorithm.name).toBe(webCrypto);
        expect(held.cryptoKey.extractable).toBe(false);
        await roundTrip(key);
      }
    });
  }

  it('copies the bytes it is given (changing them later changes nothing)', async () => {
    const secret = random(16);
    const key = await importKey('A128KW', 'A128GCM', secret, true);
    const before = (await exportJwk(key)).k;
    secret.fill(0);
    expect((await exportJwk(key)).k).toBe(before);
  });

  it.each([
    ['dir', 'A128GCM', 16],
    ['dir', 'A192GCM', 24],
    ['dir', 'A256GCM', 32],
    ['dir', 'A128CBC-HS256', 32],
    ['dir', 'A192CBC-HS384', 48],
    ['dir', 'A256CBC-HS512', 64],
  ] as const)('%s with %s: exactly %i bytes become the prepared content key', async (alg, enc, bytes) => {
    const key = await importKey(alg, enc, random(bytes));
    const material = jweKeyMaterial(key)!;
    if (material.kind !== 'content') throw new Error('a dir key holds a content key');
    expect(material.content.enc).toBe(enc);
    expect(material.secret).toBeUndefined();
    const aad = new TextEncoder().encode('aad');
    const sealed = await encryptContent(material.content, new TextEncoder().encode('hello'), aad);
    expect(new TextDecoder().decode(await decryptContent(material.content, sealed, aad))).toBe('hello');
  });

  it('PBES2: a password string (UTF-8), bytes or an oct JWK all make the same PBKDF2 key', async () => {
    const password = 'pässwörd';
    const utf8 = new TextEncoder().encode(password);
    const forms = [password, utf8, { kty: 'oct', k: encodeBase64url(utf8), alg: 'PBES2-HS256+A128KW', key_ops: ['deriveKey'] }];
    const exported: Jwk[] = [];
    for (const material of forms) {
      const key = await importKey('PBES2-HS256+A128KW', 'A128GCM', material, true);
      const held = jweKeyMaterial(key)!;
      expect(held.kind === 'crypto' && held.cryptoKey.algorithm.name).toBe('PBKDF2');
      await roundTrip(key);
      exported.push(await exportJwk(key));
    }
    expect(exported.map((jwk) => jwk.k)).toEqual([encodeBase64url(utf8), encodeBase64url(utf8), encodeBase64url(utf8)]);
  });

  it('PBES2: a non-UTF-8 bytes password works', async () => {
    await roundTrip(await importKey('PBES2-HS384+A192KW', 'A192GCM', new Uint8Array([0xff, 0xfe, 0x00, 0x80])));
  });
});

describe('secretKeys: import refusals', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(['A192KW', 'A192GCMKW'] as const)('%s in a runtime without AES-192 (Chromium): ERR_KEY_INVALID that says so, not a Web Crypto exception', async (alg) => {
    vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('192-bit AES keys are not supported', 'OperationError'));
    await expect(secretKeys.importMaterial(spec(alg), 'A128GCM', random(24), { extractable: false })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: `This runtime's Web Crypto has no AES-192, which ${alg} needs; use a 128- or 256-bit variant`,
    });
  });

  it('any other key the runtime refuses is ERR_KEY_INVALID, not a Web Crypto exception', async () => {
    vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('Unrecognized name.', 'NotSupportedError'));
    await expect(secretKeys.importMaterial(spec('A128KW'), 'A128GCM', random(16), { extractable: false })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'The key cannot be imported for A128KW in this runtime',
    });
  });

  it.each(['dir', 'A128KW', 'A256GCMKW'] as const)('%s: a string is ERR_KEY_INVALID, asking for bytes or a JWK', async (alg) => {
    const imported = secretKeys.importMaterial(spec(alg), 'A128GCM', 'c2VjcmV0c2VjcmV0c2VjcmV0', { extractable: false });
    await expect(imported).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: expect.stringContaining('ambiguous') });
    await expect(imported).rejects.toMatchObject({ message: expect.stringContaining('Uint8Array') });
    await expect(imported).rejects.toMatchObject({ message: expect.stringContaining('oct JWK') });
  });

  it.each([
    ['dir', 'A256GCM', 16, 'dir with A256GCM needs a key of exactly 32 bytes (256 bits)'],
    ['dir', 'A128CBC-HS256', 16, 'dir with A128CBC-HS256 needs a key of exactly 32 bytes (256 bits)'],
    ['dir', 'A256CBC-HS512', 32, 'dir with A256CBC-HS512 needs a key of exactly 64 bytes (512 bits)'],
    ['A128KW', 'A128GCM', 32, 'A128KW needs a key of exactly 16 bytes (128 bits)'],
    ['A256KW', 'A256GCM', 16, 'A256KW needs a key of exactly 32 bytes (256 bits)'],
    ['A192GCMKW', 'A128GCM', 0, 'A192GCMKW needs a key of exactly 24 bytes (192 bits)'],
    ['A256GCMKW', 'A128GCM', 31, 'A256GCMKW needs a key of exactly 32 bytes (256 bits)'],
  ] as const)('%s with %s: %i bytes is ERR_KEY_INVALID naming the length', async (alg, enc, bytes, message) => {
    for (const material of [random(bytes), { kty: 'oct', k: encodeBase64url(random(bytes)) }]) {
      await expect(secretKeys.importMaterial(spec(alg), enc, material, { extractable: false })).rejects.toMatchObject({
        code: 'ERR_KEY_INVALID',
        message,
      });
    }
  });

  it.each([['' as const], [new Uint8Array(0)], [{ kty: 'oct', k: '' }]])('PBES2: an empty password is refused (%#)', async (material) => {
    await expect(secretKeys.importMaterial(spec('PBES2-HS256+A128KW'), 'A128GCM', material, { extractable: false })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'PBES2-HS256+A128KW needs a non-empty password',
    });
  });

  const k16 = encodeBase64url(new Uint8Array(16));
  it.each([
    ['kty RSA', { kty: 'RSA', k: k16 }, 'must have kty "oct"'],
    ['no kty', { k: k16 }, 'must have kty "oct"'],
    ['alg of another key wrap', { kty: 'oct', k: k16, alg: 'A256KW' }, 'is for "A256KW", not A128KW'],
    ['alg of an enc', { kty: 'oct', k: k16, alg: 'A128GCM' }, 'is for "A128GCM", not A128KW'],
    ['alg of a JWS', { kty: 'oct', k: k16, alg: 'HS256' }, 'is for "HS256", not A128KW'],
    ['use sig', { kty: 'oct', k: k16, use: 'sig' }, 'is not for encryption'],
    ['key_ops sign', { kty: 'oct', k: k16, key_ops: ['sign', 'verify'] }, 'key_ops do not allow wrapKey or unwrapKey'],
    ['key_ops encrypt (not a key wrap op)', { kty: 'oct', k: k16, key_ops: ['encrypt'] }, 'key_ops do not allow'],
    ['key_ops duplicated', { kty: 'oct', k: k16, key_ops: ['wrapKey', 'wrapKey'] }, 'duplicate'],
    ['key_ops not an array', { kty: 'oct', k: k16, key_ops: 'wrapKey' }, 'not an array of strings'],
    ['k missing', { kty: 'oct' }, 'no valid "k"'],
    ['k padded', { kty: 'oct', k: `${k16}==` }, 'no valid "k"'],
    ['k not a string', { kty: 'oct', k: 16 }, 'no valid "k"'],
  ])('A128KW JWK with %s: ERR_KEY_INVALID', async (_label, jwk, message) => {
    await expect(secretKeys.importMaterial(spec('A128KW'), 'A128GCM', jwk as Jwk, { extractable: false })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: expect.stringContaining(message),
    });
  });

  it('a dir JWK may name dir or its own enc, never another enc', async () => {
    const k = encodeBase64url(random(16));
    await importKey('dir', 'A128GCM', { kty: 'oct', k, alg: 'dir', key_ops: ['encrypt', 'decrypt'] });
    await importKey('dir', 'A128GCM', { kty: 'oct', k, alg: 'A128GCM' });
    await expect(secretKeys.importMaterial(spec('dir'), 'A128GCM', { kty: 'oct', k, alg: 'A256GCM' }, { extractable: false })).rejects.toEqual(
      code('ERR_KEY_INVALID'),
    );
    await expect(
      secretKeys.importMaterial(spec('dir'), 'A128GCM', { kty: 'oct', k, key_ops: ['wrapKey'] }, { extractable: false }),
    ).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a PBES2 JWK needs deriveKey or deriveBits in key_ops, and its own alg', async () => {
    const k = encodeBase64url(new TextEncoder().encode('pw'));
    const pbesSpec = spec('PBES2-HS256+A128KW');
    await expect(secretKeys.importMaterial(pbesSpec, 'A128GCM', { kty: 'oct', k, key_ops: ['wrapKey'] }, { extractable: false })).rejects.toEqual(
      code('ERR_KEY_INVALID'),
    );
    await expect(
      secretKeys.importMaterial(pbesSpec, 'A128GCM', { kty: 'oct', k, alg: 'PBES2-HS512+A256KW' }, { extractable: false }),
    ).rejects.toEqual(code('ERR_KEY_INVALID'));
    await importKey('PBES2-HS256+A128KW', 'A128GCM', { kty: 'oct', k, key_ops: ['deriveBits'] });
  });

  it('a CryptoKey or an array is ERR_KEY_INVALID; a number or null is not key material (ERR_INVALID_ARGUMENT)', async () => {
    const cryptoKey = await crypto.subtle.importKey('raw', random(16), 'AES-KW', true, ['wrapKey']);
    for (const material of [cryptoKey, [1, 2, 3]]) {
      await expect(secretKeys.importMaterial(spec('A128KW'), 'A128GCM', material as never, { extractable: false })).rejects.toEqual(
        code('ERR_KEY_INVALID'),
      );
    }
    await expect(secretKeys.importMaterial(spec('PBES2-HS256+A128KW'), 'A128GCM', [] as never, { extractable: false })).rejects.toMatchObject({
      message: expect.stringContaining('password string'),
    });
    for (const material of [16, null, undefined]) {
      await expect(secretKeys.importMaterial(spec('A128KW'), 'A128GCM', material as never, { extractable: false })).rejects.toEqual(
        code('ERR_INVALID_ARGUMENT'),
      );
    }
  });

  it('refuses an alg that takes no secret, and an unknown enc for dir', async () => {
    for (const alg of ['RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW'] as const) {
      await expect(secretKeys.importMaterial(spec(alg), 'A128GCM', random(16), { extractable: false })).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(secretKeys.generate(spec(alg), 'A128GCM', { extractable: true })).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
    await expect(secretKeys.importMaterial(spec('dir'), 'A512GCM' as never, random(16), { extractable: false })).rejects.toEqual(
      code('ERR_INVALID_ARGUMENT'),
    );
  });
});

describe('secretKeys: generate and export', () => {
  it.each([
    ['dir', 'A128GCM', 16],
    ['dir', 'A256CBC-HS512', 64],
    ['A128KW', 'A256GCM', 16],
    ['A192KW', 'A128GCM', 24],
    ['A256KW', 'A128GCM', 32],
    ['A128GCMKW', 'A128GCM', 16],
    ['A256GCMKW', 'A256CBC-HS512', 32],
    ['PBES2-HS256+A128KW', 'A128GCM', 32],
    ['PBES2-HS512+A256KW', 'A256GCM', 32],
  ] as const)('%s with %s: a random %i-byte secret, exported as an oct JWK', async (alg, enc, bytes) => {
    const generated = await secretKeys.generate(spec(alg), enc, { extractable: true });
    const key = makeJweKey({ alg, enc, type: generated.type, kid: 'k1' }, generated.material);
    const jwk = await exportJwk(key);
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'k', 'kid', 'kty', 'use']);
    expect(jwk).toMatchObject({ kty: 'oct', alg, kid: 'k1' });
    expect(decodeBase64url(jwk.k!)!.length).toBe(bytes);
    const again = await secretKeys.generate(spec(alg), enc, { extractable: true });
    const other = makeJweKey({ alg, enc, type: again.type }, again.material);
    expect((await exportJwk(other)).k).not.toBe(jwk.k);
    if (alg !== 'dir') await roundTrip(key);
    // The exported JWK imports again as the same secret.
    const reimported = await importKey(alg, enc, jwk, true);
    expect((await exportJwk(reimported)).k).toBe(jwk.k);
  });

  it('without a kid the JWK has no kid member', async () => {
    const key = await importKey('A128KW', 'A128GCM', random(16), true);
    expect(await exportJwk(key)).not.toHaveProperty('kid');
  });

  it.each(['dir', 'A128KW', 'A128GCMKW', 'PBES2-HS256+A128KW'] as const)(
    '%s: a key that is not extractable cannot be exported (ERR_KEY_INVALID)',
    async (alg) => {
      for (const key of [
        await importKey(alg, 'A128GCM', random(16)),
        makeJweKey({ alg, enc: 'A128GCM', type: 'secret' }, (await secretKeys.generate(spec(alg), 'A128GCM', { extractable: false })).material),
      ]) {
        await expect(exportJwk(key)).rejects.toMatchObject({
          code: 'ERR_KEY_INVALID',
          message: 'The key cannot be exported: import or generate it with extractable: true',
        });
      }
    },
  );

  it('a PBKDF2 key is never extractable in Web Crypto; an extractable PBES2 key keeps the password instead', async () => {
    const key = await importKey('PBES2-HS256+A128KW', 'A128GCM', 'pw', true);
    const held = jweKeyMaterial(key)!;
    expect(held.kind === 'crypto' && held.cryptoKey.extractable).toBe(false);
    expect((await exportJwk(key)).k).toBe(encodeBase64url(new TextEncoder().encode('pw')));
  });

  it('refuses to export for an alg that takes no secret', async () => {
    const key = await importKey('A128KW', 'A128GCM', random(16), true);
    await expect(secretKeys.exportJwk(spec('RSA-OAEP'), key, jweKeyMaterial(key)!)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
