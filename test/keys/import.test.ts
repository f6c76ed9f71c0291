import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  exportJwk, exportPem, generateKeyPair, generateSecret, importKey, sign, verify, type Algorithm,
} from '../../src/index.js';
import rfc from '../fixtures/rfc/rfc.json' with { type: 'json' };

const fixture = (name: string) => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8');
const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
const KEYS = rfc.keys as Record<string, JsonWebKey>;
const publicOf = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: JsonWebKey) => rest;

describe('importKey: HMAC secrets', () => {
  it('imports a string, bytes or an oct JWK, bound to the algorithm', async () => {
    const fromString = await importKey('x'.repeat(32), 'HS256');
    const fromBytes = await importKey(new Uint8Array(48).fill(7), 'HS384', { kid: 'b' });
    const fromJwk = await importKey(KEYS['rfc7515-A.1-oct']!, 'HS256');
    expect([fromString.alg, fromString.type, fromString.weak]).toEqual(['HS256', 'secret', false]);
    expect([fromBytes.alg, fromBytes.kid]).toEqual(['HS384', 'b']);
    expect(fromJwk.alg).toBe('HS256');
    expect(Object.isFrozen(fromString)).toBe(true);
  });

  it.each<[string, string]>([
    ['an empty string', ''],
    ['a PEM public key', fixture('ec-cert.pem')],
    ['a PEM with leading whitespace', `\n  ${fixture('ec-cert.key.pem')}`],
    ['JWK JSON text', JSON.stringify(publicOf(KEYS['rfc7515-A.2-rsa']!))],
  ])('refuses %s as a secret', async (_name, material) => {
    await expect(importKey(material, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(material, 'HS256', { allowShortSecretForVerifyOnly: true })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses a secret shorter than the hash output', async () => {
    await expect(importKey('x'.repeat(31), 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(new Uint8Array(47), 'HS384')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey('x'.repeat(63), 'HS512')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('accepts a short secret only with the loud option, as a weak verify-only key', async () => {
    const weak = await importKey('your-256-bit-secret', 'HS256', { allowShortSecretForVerifyOnly: true });
    expect(weak.weak).toBe(true);
    await expect(sign({}, weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
    const jwtIo = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const result = await verify(jwtIo, weak);
    expect(result.payload.name).toBe('John Doe');
    expect(result.key.weak).toBe(true);
    await expect(verify(jwtIo, 'your-256-bit-secret', { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses an oct JWK with a bad k, another kty, or another alg', async () => {
    await expect(importKey({ kty: 'oct', k: 'a+b' }, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ kty: 'oct' }, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(KEYS['rfc7515-A.3-ec']!, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...KEYS['rfc7515-A.1-oct']!, alg: 'HS512' }, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses other material types', async () => {
    await expect(importKey(42 as never, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(null as never, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses unknown algorithms and bad options', async () => {
    for (const alg of ['none', 'NONE', 'HS1', 'toString', '__proto__']) {
      await expect(importKey('x'.repeat(64), alg as Algorithm)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
    await expect(importKey('x'.repeat(32), 'HS256', { kid: 1 as never })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(importKey('x'.repeat(32), 'HS256', null as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('importKey: asymmetric keys', () => {
  it('imports the RFC JWKs, public and private, for their algorithms', async () => {
    const cases: Array<[string, Algorithm]> = [
      ['rfc7515-A.2-rsa', 'RS256'], ['rfc7515-A.2-rsa', 'PS512'], ['rfc7515-A.3-ec', 'ES256'],
      ['rfc7515-A.4-ec', 'ES512'], ['rfc8037-A.1-okp', 'EdDSA'], ['rfc8037-A.1-okp', 'Ed25519'],
    ];
    for (const [name, alg] of cases) {
      const priv = await importKey(KEYS[name]!, alg);
      const pub = await importKey(publicOf(KEYS[name]!), alg);
      expect([priv.type, pub.type, priv.alg]).toEqual(['private', 'public', alg]);
      expect((await verify(await sign({ ok: true }, priv), pub)).payload.ok).toBe(true);
    }
  });

  it('takes the kid from the JWK unless given', async () => {
    expect((await importKey(KEYS['rfc7520-3.4-rsa']!, 'RS256')).kid).toBe('bilbo.baggins@hobbiton.example');
    expect((await importKey(KEYS['rfc7520-3.4-rsa']!, 'RS256', { kid: 'x' })).kid).toBe('x');
  });

  it('imports PEM SPKI, PKCS#8 and X.509 certificates', async () => {
    const priv = await importKey(fixture('ec-cert.key.pem'), 'ES256');
    const fromCert = await importKey(fixture('ec-cert.pem'), 'ES256');
    expect([priv.type, fromCert.type]).toEqual(['private', 'public']);
    const token = await sign({ a: 1 }, priv);
    expect((await verify(token, fromCert)).payload.a).toBe(1);
    const spki = await exportPem(fromCert);
    expect(spki).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect((await verify(token, await importKey(spki, 'ES256'))).payload.a).toBe(1);
  });

  it('refuses legacy PKCS#1 PEM with a hint, and unknown labels', async () => {
    await expect(importKey(fixture('rsa-pkcs1.pem'), 'RS256')).rejects.toThrow(/PKCS#8/);
    await expect(importKey('-----BEGIN FOO-----\nAAAA\n-----END FOO-----', 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it.each([
    ['mismatched labels', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
    ['bad base64', '-----BEGIN PUBLIC KEY-----\nA$AA\n-----END PUBLIC KEY-----'],
    ['a wrong length', '-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----'],
    ['an empty body', '-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----'],
    ['garbage DER', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['a garbage certificate', '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----'],
    ['two blocks', `${fixture('ec-cert.pem')}${fixture('ec-cert.pem')}`],
    ['not PEM at all', 'ssh-ed25519 AAAA'],
  ])('refuses PEM with %s', async (_name, pem) => {
    await expect(importKey(pem, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses bytes and JSON text for asymmetric algorithms', async () => {
    await expect(importKey(new Uint8Array(64), 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(JSON.stringify(KEYS['rfc7515-A.3-ec']), 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses a key of another family or curve than the algorithm', async () => {
    await expect(importKey(KEYS['rfc7515-A.3-ec']!, 'ES384')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(KEYS['rfc7515-A.3-ec']!, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(KEYS['rfc7515-A.2-rsa']!, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(fixture('ec-cert.pem'), 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(fixture('ec-cert.pem'), 'ES384')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses JWKs whose alg, use or key_ops say otherwise', async () => {
    const ec = publicOf(KEYS['rfc7515-A.3-ec']!);
    await expect(importKey({ ...ec, alg: 'ES384' }, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...ec, use: 'enc' }, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...ec, key_ops: ['encrypt'] }, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...ec, key_ops: 'verify' as never }, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...ec, alg: 'ES256', use: 'sig', key_ops: ['verify'] }, 'ES256')).resolves.toBeTruthy();
    await expect(importKey({ ...ec, x: 'AAAA' }, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses RSA keys under 2048 bits, as PEM, JWK and CryptoKey', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    await expect(importKey(pem, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(privateKey.export({ format: 'jwk' }) as JsonWebKey, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const small = await crypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    await expect(importKey(small, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(generateKeyPair('RS256', { modulusLength: 1024 })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});

describe('importKey: CryptoKey', () => {
  it('wraps a CryptoKey for the algorithm its parameters bind it to', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const priv = await importKey(pair.privateKey, 'ES384');
    expect(priv.type).toBe('private');
    await expect(importKey(pair.publicKey, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, false, ['sign', 'verify']);
    expect((await importKey(hmac, 'HS512')).type).toBe('secret');
    await expect(importKey(hmac, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    expect((await importKey(ed.publicKey, 'Ed25519')).alg).toBe('Ed25519');
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
    await expect(importKey(aes, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const pss = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' }, true, ['sign', 'verify']);
    expect((await importKey(pss.publicKey, 'PS384')).alg).toBe('PS384');
    await expect(importKey(pss.publicKey, 'RS384')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('verify and sign take a CryptoKey directly; a key with no JWS use is refused', async () => {
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
    await expect(verify('a.b.c', aes)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(sign({}, aes)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('generate and export', () => {
  it('generates secrets of the hash length and exports them as oct JWKs', async () => {
    for (const [alg, bytes] of [['HS256', 32], ['HS384', 48], ['HS512', 64]] as const) {
      const key = await generateSecret(alg, { kid: alg });
      const jwk = await exportJwk(key);
      expect(jwk).toMatchObject({ kty: 'oct', alg, use: 'sig', kid: alg });
      expect(Buffer.from(jwk.k!, 'base64url').length).toBe(bytes);
      const again = await importKey(jwk, alg);
      expect((await verify(await sign({}, key), again)).header.alg).toBe(alg);
    }
    await expect(generateSecret('RS256' as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(generateKeyPair('HS256')).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('exports key pairs as JWK and PEM that import again', async () => {
    for (const alg of ['RS256', 'PS256', 'ES512', 'EdDSA'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { kid: 'k' });
      const pubJwk = await exportJwk(publicKey);
      expect(pubJwk).toMatchObject({ alg, use: 'sig', kid: 'k' });
      expect(pubJwk).not.toHaveProperty('d');
      expect(pubJwk).not.toHaveProperty('key_ops');
      const privPem = await exportPem(privateKey);
      expect(privPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/);
      const token = await sign({ alg }, await importKey(privPem, alg));
      expect((await verify(token, await importKey(pubJwk, alg))).payload.alg).toBe(alg);
    }
  });

  it('refuses to export what cannot be exported', async () => {
    await expect(exportPem(await generateSecret('HS256'))).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(exportJwk(await importKey('x'.repeat(32), 'HS256'))).rejects.toEqual(code('ERR_KEY_INVALID'));
    const { privateKey } = await generateKeyPair('ES256', { extractable: false });
    await expect(exportPem(privateKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(exportJwk({} as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});
