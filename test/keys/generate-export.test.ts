import { describe, expect, it } from 'vitest';
import { exportJwk, exportPem } from '../../src/keys/export.js';
import { generateKeyPair, generateSecret } from '../../src/keys/generate.js';
import { importKey } from '../../src/keys/import.js';
import { signCompact, verifyCompact, type Algorithm } from '../../src/index.js';
import { code } from './helpers.js';

describe('generateSecret', () => {
  it('makes extractable secrets as long as the hash output, exported as oct JWKs', async () => {
    for (const [alg, bytes] of [['HS256', 32], ['HS384', 48], ['HS512', 64]] as const) {
      const key = await generateSecret(alg, { kid: alg });
      expect([key.alg, key.type, key.weak, key.cryptoKey.extractable]).toEqual([alg, 'secret', false, true]);
      const jwk = await exportJwk(key);
      expect(jwk).toEqual({ kty: 'oct', k: expect.any(String), alg, use: 'sig', kid: alg });
      expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(bytes);
      const again = await importKey(jwk, alg);
      expect((await verifyCompact(await signCompact('x', key), again)).key).toBe(again);
    }
  });

  it('makes a different secret each time, non-extractable on request', async () => {
    const [a, b] = await Promise.all([generateSecret('HS256'), generateSecret('HS256')]);
    expect((await exportJwk(a)).k).not.toBe((await exportJwk(b)).k);
    const hidden = await generateSecret('HS256', { extractable: false });
    await expect(exportJwk(hidden)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses non-HMAC algorithms', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA', 'none', undefined]) {
      await expect(generateSecret(alg as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
  });
});

describe('generateKeyPair', () => {
  it('makes a key pair for every asymmetric algorithm; the public key is always extractable', async () => {
    const algs: Algorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
    for (const alg of algs) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { kid: 'k', extractable: false });
      expect([publicKey.alg, publicKey.type, publicKey.kid, privateKey.type]).toEqual([alg, 'public', 'k', 'private']);
      expect([publicKey.cryptoKey.extractable, privateKey.cryptoKey.extractable]).toEqual([true, false]);
      expect((await verifyCompact(await signCompact('x', privateKey), publicKey)).key).toBe(publicKey);
    }
  });

  it('honours modulusLength and refuses RSA under 2048 bits or a bad size', async () => {
    const { publicKey } = await generateKeyPair('PS256', { modulusLength: 3072 });
    expect((publicKey.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(3072);
    for (const modulusLength of [1024, 2047, Number.NaN, 2048.5]) {
      await expect(generateKeyPair('RS256', { modulusLength })).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
    // A value of the wrong type is a caller error, refused before any key is made.
    await expect(generateKeyPair('RS256', { modulusLength: '2048' as never })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('refuses HMAC and unknown algorithms', async () => {
    for (const alg of ['HS256', 'none', 'RSA-OAEP']) {
      await expect(generateKeyPair(alg as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
  });
});

describe('exportJwk and exportPem', () => {
  it('export key pairs as JWK and PEM that import again', async () => {
    for (const alg of ['RS256', 'PS256', 'ES512', 'EdDSA'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { kid: 'k' });
      const pubJwk = await exportJwk(publicKey);
      expect(pubJwk).toMatchObject({ alg, use: 'sig', kid: 'k' });
      for (const member of ['d', 'key_ops', 'ext']) expect(pubJwk).not.toHaveProperty(member);
      expect(await exportJwk(privateKey)).toHaveProperty('d');
      const pubPem = await exportPem(publicKey);
      const privPem = await exportPem(privateKey);
      expect(pubPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/);
      expect(privPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END PRIVATE KEY-----\n$/);
      const signer = await importKey(privPem, alg);
      const token = await signCompact('x', signer);
      expect((await verifyCompact(token, await importKey(pubJwk, alg))).key.alg).toBe(alg);
      expect((await verifyCompact(token, await importKey(pubPem, alg))).key.alg).toBe(alg);
    }
  });

  it('omits kid when the key has none', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect(await exportJwk(publicKey)).not.toHaveProperty('kid');
  });

  it('refuses to export what cannot be exported', async () => {
    await expect(exportPem(await generateSecret('HS256'))).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(exportJwk(await importKey('x'.repeat(32), 'HS256'))).rejects.toEqual(code('ERR_KEY_INVALID'));
    const { privateKey } = await generateKeyPair('ES256', { extractable: false });
    await expect(exportPem(privateKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(exportJwk(privateKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
    for (const notAKey of [{}, null, 'x', { alg: 'HS256', cryptoKey: privateKey.cryptoKey }]) {
      await expect(exportJwk(notAKey as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
      await expect(exportPem(notAKey as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
  });
});
