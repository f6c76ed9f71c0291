import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/generate.js';
import { importKey } from '../../src/keys/import.js';
import { resolveKeyInput } from '../../src/keys/normalize.js';
import { cryptoKeyAlgorithm, isCryptoKey } from '../../src/keys/crypto-key.js';
import type { Algorithm } from '../../src/index.js';
import { code, fixture } from './helpers.js';

const rsaParams = (name: string, hash: string) => ({ name, hash, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) });

describe('cryptoKeyAlgorithm', () => {
  it('maps each CryptoKey to the one JWS algorithm its parameters bind it to', async () => {
    const cases: Array<[AlgorithmIdentifier | RsaHashedKeyGenParams | EcKeyGenParams | HmacKeyGenParams, Algorithm]> = [
      [{ name: 'HMAC', hash: 'SHA-256' }, 'HS256'], [{ name: 'HMAC', hash: 'SHA-384' }, 'HS384'], [{ name: 'HMAC', hash: 'SHA-512' }, 'HS512'],
      [rsaParams('RSASSA-PKCS1-v1_5', 'SHA-256'), 'RS256'], [rsaParams('RSASSA-PKCS1-v1_5', 'SHA-512'), 'RS512'],
      [rsaParams('RSA-PSS', 'SHA-384'), 'PS384'],
      [{ name: 'ECDSA', namedCurve: 'P-256' }, 'ES256'], [{ name: 'ECDSA', namedCurve: 'P-384' }, 'ES384'], [{ name: 'ECDSA', namedCurve: 'P-521' }, 'ES512'],
      [{ name: 'Ed25519' }, 'EdDSA'],
    ];
    for (const [params, alg] of cases) {
      const made = await crypto.subtle.generateKey(params, false, ['sign', 'verify']);
      const key = 'privateKey' in made ? (made as CryptoKeyPair).privateKey : (made as CryptoKey);
      expect(cryptoKeyAlgorithm(key)).toBe(alg);
    }
  });

  it('maps keys for other purposes, hashes or curves to nothing', async () => {
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
    const sha1 = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
    const oaep = await crypto.subtle.generateKey(rsaParams('RSA-OAEP', 'SHA-256'), false, ['encrypt', 'decrypt']);
    const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    for (const key of [aes, sha1, oaep.publicKey, ecdh.privateKey]) expect(cryptoKeyAlgorithm(key as CryptoKey)).toBeUndefined();
    const fake = (algorithm: object) => ({ algorithm }) as CryptoKey;
    expect(cryptoKeyAlgorithm(fake({ name: 'ECDSA' }))).toBeUndefined();
    expect(cryptoKeyAlgorithm(fake({ name: 'ECDSA', namedCurve: 'secp256k1' }))).toBeUndefined();
    expect(cryptoKeyAlgorithm(fake({ name: 'RSA-PSS', hash: { name: 'SHA-1' } }))).toBeUndefined();
    expect(cryptoKeyAlgorithm(fake({ name: 'RSASSA-PKCS1-v1_5' }))).toBeUndefined();
    expect(cryptoKeyAlgorithm(fake({ name: 'HMAC', hash: { name: 'toString' } }))).toBeUndefined();
  });

  it('isCryptoKey tells CryptoKeys from look-alikes', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect(isCryptoKey(publicKey.cryptoKey)).toBe(true);
    expect(isCryptoKey(publicKey)).toBe(false);
    expect(isCryptoKey({ type: 'secret', algorithm: { name: 'HMAC' } })).toBe(false);
  });
});

describe('resolveKeyInput', () => {
  it('returns a JwtKey as it is, whatever the algorithm (the caller checks key.alg)', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect(await resolveKeyInput(publicKey, 'ES256')).toBe(publicKey);
    expect(await resolveKeyInput(publicKey, 'RS256')).toBe(publicKey);
  });

  it('imports a CryptoKey for the algorithm when its parameters match', async () => {
    const pair = await crypto.subtle.generateKey(rsaParams('RSASSA-PKCS1-v1_5', 'SHA-256'), false, ['sign', 'verify']);
    const key = await resolveKeyInput(pair.publicKey, 'RS256');
    expect([key.alg, key.type, key.cryptoKey]).toEqual(['RS256', 'public', pair.publicKey]);
    for (const alg of ['RS384', 'PS256', 'HS256', 'ES256'] as const) {
      await expect(resolveKeyInput(pair.publicKey, alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('imports strings and bytes as HMAC secrets, for HS* algorithms only', async () => {
    expect((await resolveKeyInput('s'.repeat(48), 'HS384')).alg).toBe('HS384');
    expect((await resolveKeyInput(new Uint8Array(64), 'HS512')).type).toBe('secret');
    await expect(resolveKeyInput('short', 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(resolveKeyInput(fixture('ec-cert.pem'), 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    for (const alg of ['RS256', 'ES256', 'EdDSA', 'PS512'] as const) {
      await expect(resolveKeyInput(fixture('ec-cert.pem'), alg)).rejects.toThrow(/importKey/);
      await expect(resolveKeyInput(new Uint8Array(64), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('refuses anything else', async () => {
    for (const input of [null, undefined, 42, {}, { kty: 'oct', k: 'AAAA' }, [], new ArrayBuffer(32)]) {
      await expect(resolveKeyInput(input, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('a weak key stays weak through resolution', async () => {
    const weak = await importKey('short', 'HS256', { allowShortSecretForVerifyOnly: true });
    expect((await resolveKeyInput(weak, 'HS256')).weak).toBe(true);
  });
});
