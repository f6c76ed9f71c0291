import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeyManagementAlgorithm } from '../../src/jwe/algorithms.js';
import { jweKeyMaterial, makeJweKey } from '../../src/jwe/key.js';
import { ecdhEs } from '../../src/jwe/key-management/ecdh-es.js';
import { rsaOaep } from '../../src/jwe/key-management/rsa-oaep.js';
import { exportEncryptionJwk } from '../../src/jwe/export-key.js';
import { asymmetricKeys } from '../../src/jwe/keys/asymmetric-keys.js';
import { curveOfKeyInfo } from '../../src/jwe/keys/key-info-curve.js';
import { code, importJweKey, jwePair, LIMITS, spec } from './asymmetric-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8');
const EC_CERT = fixture('ec-cert.pem');
const EC_CERT_KEY = fixture('ec-cert.key.pem');
const RSA_PKCS1 = fixture('rsa-pkcs1.pem');

function pem(label: string, der: ArrayBuffer): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function exported(pair: CryptoKeyPair) {
  return {
    publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey),
    privateJwk: await crypto.subtle.exportKey('jwk', pair.privateKey),
    spki: pem('PUBLIC KEY', await crypto.subtle.exportKey('spki', pair.publicKey)),
    pkcs8: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

const rsaOaepPair = (hash: string, modulusLength = 2048, usages: KeyUsage[] = ['encrypt', 'decrypt']) =>
  crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash }, true, usages) as Promise<CryptoKeyPair>;
const ecdhPair = (crv: string) =>
  crypto.subtle.generateKey(crv === 'X25519' ? { name: 'X25519' } : ({ name: 'ECDH', namedCurve: crv } as EcKeyGenParams), true, ['deriveBits']) as Promise<CryptoKeyPair>;

const { publicJwk: RSA_PUBLIC, privateJwk: RSA_PRIVATE, spki: RSA_SPKI, pkcs8: RSA_PKCS8 } = await exported(await rsaOaepPair('SHA-256'));
const P256 = await exported(await ecdhPair('P-256'));

const importIt = (material: unknown, alg: KeyManagementAlgorithm = 'RSA-OAEP-256', extractable = false) =>
  asymmetricKeys.importMaterial(spec(alg), 'A128GCM', material as never, { extractable });

afterEach(() => {
  vi.restoreAllMocks();
});

/** Encrypts with `publicKey` and decrypts with `privateKey` (both imported), proving they are a working pair. */
async function roundTrip(alg: KeyManagementAlgorithm, publicMaterial: unknown, privateMaterial: unknown): Promise<void> {
  const family = alg.startsWith('RSA') ? rsaOaep : ecdhEs;
  const publicKey = await importJweKey(publicMaterial as never, alg, 'A128GCM');
  const privateKey = await importJweKey(privateMaterial as never, alg, 'A128GCM');
  expect([publicKey.type, privateKey.type]).toEqual(['public', 'private']);
  const made = await family.encrypt(spec(alg), publicKey, 'A128GCM', {});
  expect(await family.decrypt(spec(alg), privateKey, 'A128GCM', made.encryptedKey, made.parameters, LIMITS)).toEqual(made.cek);
}

describe('asymmetricKeys.importMaterial: RSA-OAEP', () => {
  it('imports a JWK pair, a PEM pair and CryptoKeys, each a working pair', async () => {
    await roundTrip('RSA-OAEP-256', RSA_PUBLIC, RSA_PRIVATE);
    await roundTrip('RSA-OAEP-256', RSA_SPKI, RSA_PKCS8);
    const pair = await rsaOaepPair('SHA-256');
    await roundTrip('RSA-OAEP-256', pair.publicKey, pair.privateKey);
  });

  it('sets the Web Crypto usages by type: a public key only encrypts, a private key only decrypts', async () => {
    const publicKey = await importIt(RSA_PUBLIC);
    const privateKey = await importIt(RSA_PRIVATE);
    const usages = (imported: typeof publicKey) => (imported.material.kind === 'crypto' ? imported.material.cryptoKey.usages : undefined);
    expect(usages(publicKey)).toEqual(['encrypt']);
    expect(usages(privateKey)).toEqual(['decrypt']);
  });

  it('a private key is extractable only when asked; a public key always is', async () => {
    const extractable = (imported: Awaited<ReturnType<typeof importIt>>) =>
      imported.material.kind === 'crypto' ? imported.material.cryptoKey.extractable : undefined;
    expect(extractable(await importIt(RSA_PRIVATE))).toBe(false);
    expect(extractable(await importIt(RSA_PKCS8, 'RSA-OAEP-256', true))).toBe(true);
    expect(extractable(await importIt(RSA_PUBLIC))).toBe(true);
  });

  it('binds the hash: a JWK is imported for whichever RSA-OAEP alg is named, and the key serves only it', async () => {
    const { alg: _alg, ...jwk } = RSA_PUBLIC;
    for (const [alg, hash] of [['RSA-OAEP', 'SHA-1'], ['RSA-OAEP-384', 'SHA-384'], ['RSA-OAEP-512', 'SHA-512']] as const) {
      const imported = await importIt(jwk, alg);
      expect(imported.material.kind === 'crypto' && (imported.material.cryptoKey.algorithm as RsaHashedKeyAlgorithm).hash.name).toBe(hash);
    }
  });

  it('refuses RSA keys under 2048 bits, by every path (JWK, PEM, CryptoKey)', async () => {
    const small = await rsaOaepPair('SHA-256', 1024);
    const { publicJwk, privateJwk, spki, pkcs8 } = await exported(small);
    for (const material of [publicJwk, privateJwk, spki, pkcs8, small.publicKey, small.privateKey]) {
      await expect(importIt(material)).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: 'RSA keys must be at least 2048 bits' });
    }
  });

  it('refuses a JWK whose alg is another, whose use is not "enc", or whose key_ops do not allow the operation', async () => {
    await expect(importIt({ ...RSA_PUBLIC, alg: 'RSA-OAEP' })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: 'The JWK is for "RSA-OAEP", not RSA-OAEP-256' });
    await expect(importIt({ ...RSA_PUBLIC, alg: 'RS256' })).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt({ ...RSA_PUBLIC, use: 'sig' })).rejects.toMatchObject({ message: 'The JWK is not for encryption (its use is not "enc")' });
    await expect(importIt({ ...RSA_PUBLIC, key_ops: ['decrypt'] })).rejects.toMatchObject({ message: 'The JWK key_ops do not allow encrypt or wrapKey' });
    await expect(importIt({ ...RSA_PRIVATE, key_ops: ['encrypt'] })).rejects.toMatchObject({ message: 'The JWK key_ops do not allow decrypt or unwrapKey' });
    await expect(importIt({ ...RSA_PUBLIC, key_ops: ['encrypt', 'encrypt'] })).rejects.toMatchObject({ message: 'The JWK key_ops has duplicate values' });
    await expect(importIt({ ...RSA_PUBLIC, key_ops: 'encrypt' })).rejects.toMatchObject({ message: 'The JWK key_ops is not an array of strings' });
    await expect(importIt({ ...RSA_PUBLIC, key_ops: [] })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('accepts a JWK with alg equal to the JWE alg, use "enc" and key_ops that allow the operation', async () => {
    expect((await importIt({ ...RSA_PUBLIC, alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey', 'encrypt'] })).type).toBe('public');
    expect((await importIt({ ...RSA_PRIVATE, alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['unwrapKey'] })).type).toBe('private');
  });

  it('refuses keys of another type: an EC JWK, an EC PEM, RSA signing CryptoKeys, HMAC secrets', async () => {
    await expect(importIt(P256.publicJwk)).rejects.toMatchObject({ message: 'The JWK has kty "EC" but RSA-OAEP-256 needs "RSA"' });
    await expect(importIt(P256.spki)).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: 'The key material cannot be imported for RSA-OAEP-256' });
    const rsassa = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    await expect(importIt(rsassa.publicKey)).rejects.toMatchObject({ message: 'The CryptoKey is not an RSA-OAEP key with SHA-256 for RSA-OAEP-256' });
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await expect(importIt(hmac)).rejects.toMatchObject({ message: 'A secret CryptoKey is not a key for RSA-OAEP-256' });
  });

  it('refuses an RSA-OAEP CryptoKey with another hash, or without the usage its type needs', async () => {
    const sha1 = await rsaOaepPair('SHA-1');
    await expect(importIt(sha1.publicKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
    const wrapOnly = await rsaOaepPair('SHA-256', 2048, ['wrapKey', 'unwrapKey']);
    await expect(importIt(wrapOnly.publicKey)).rejects.toMatchObject({ message: 'The public CryptoKey may not encrypt' });
    await expect(importIt(wrapOnly.privateKey)).rejects.toMatchObject({ message: 'The private CryptoKey may not decrypt' });
  });
});

describe('asymmetricKeys.importMaterial: ECDH-ES', () => {
  for (const crv of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
    it(`${crv}: a JWK pair, a PEM pair and CryptoKeys are working pairs`, async () => {
      const pair = await ecdhPair(crv);
      const { publicJwk, privateJwk, spki, pkcs8 } = await exported(pair);
      await roundTrip('ECDH-ES', publicJwk, privateJwk);
      await roundTrip('ECDH-ES+A128KW', spki, pkcs8);
      await roundTrip('ECDH-ES+A256KW', pair.publicKey, pair.privateKey);
    });
  }

  it('sets the Web Crypto usages: a private key derives bits, a public key has no usage of its own', async () => {
    const publicKey = await importIt(P256.publicJwk, 'ECDH-ES');
    const privateKey = await importIt(P256.pkcs8, 'ECDH-ES');
    expect(publicKey.material.kind === 'crypto' && publicKey.material.cryptoKey.usages).toEqual([]);
    expect(privateKey.material.kind === 'crypto' && privateKey.material.cryptoKey.usages).toEqual(['deriveBits']);
  });

  it("imports a certificate's key (only the key; the certificate is not judged) and its PKCS#8 private key", async () => {
    await roundTrip('ECDH-ES', EC_CERT, EC_CERT_KEY);
  });

  it('refuses a JWK point off the curve, coordinates of the wrong length, and a missing y', async () => {
    const y = Buffer.from(P256.publicJwk.y!, 'base64url');
    y[31]! ^= 1;
    await expect(importIt({ ...P256.publicJwk, y: y.toString('base64url') }, 'ECDH-ES')).rejects.toMatchObject({ message: 'The JWK point is not on P-256' });
    await expect(importIt({ ...P256.publicJwk, x: P256.publicJwk.x!.slice(2) }, 'ECDH-ES')).rejects.toMatchObject({
      message: 'The JWK "x" must be 32 bytes of base64url for P-256',
    });
    await expect(importIt({ ...P256.publicJwk, y: undefined }, 'ECDH-ES')).rejects.toMatchObject({ message: 'The JWK "y" must be 32 bytes of base64url for P-256' });
    await expect(importIt({ kty: 'OKP', crv: 'X25519', x: 'AAAA' }, 'ECDH-ES')).rejects.toMatchObject({ message: 'The JWK "x" must be 32 bytes of base64url for X25519' });
  });

  it('refuses curves and key types ECDH-ES does not use: secp256k1, Ed25519, X448, EC with crv X25519, RSA', async () => {
    for (const jwk of [
      { ...P256.publicJwk, crv: 'secp256k1' },
      { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      { kty: 'OKP', crv: 'X448', x: 'AAAA' },
      { kty: 'EC', crv: 'X25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      RSA_PUBLIC,
    ]) {
      await expect(importIt(jwk, 'ECDH-ES')).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: expect.stringContaining('ECDH-ES needs EC P-256, P-384, P-521 or OKP X25519') });
    }
  });

  it('key_ops: a public key may have none ([] as Web Crypto exports it) or a key agreement one; a private key must derive', async () => {
    expect((await importIt({ ...P256.publicJwk, key_ops: [] }, 'ECDH-ES')).type).toBe('public');
    expect((await importIt({ ...P256.publicJwk, key_ops: ['deriveBits'] }, 'ECDH-ES')).type).toBe('public');
    await expect(importIt({ ...P256.publicJwk, key_ops: ['sign'] }, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    expect((await importIt({ ...P256.privateJwk, key_ops: ['deriveKey'] }, 'ECDH-ES')).type).toBe('private');
    await expect(importIt({ ...P256.privateJwk, key_ops: [] }, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt({ ...P256.privateJwk, key_ops: ['decrypt'] }, 'ECDH-ES')).rejects.toMatchObject({ message: 'The JWK key_ops do not allow deriveKey or deriveBits' });
  });

  it('refuses a JWK for another alg of the family (alg is exact) and one for signatures', async () => {
    await expect(importIt({ ...P256.publicJwk, alg: 'ECDH-ES+A128KW' }, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt({ ...P256.publicJwk, alg: 'ES256' }, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt({ ...P256.publicJwk, use: 'sig' }, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses PEM keys of other kinds: RSA, Ed25519, and a malformed body', async () => {
    await expect(importIt(RSA_SPKI, 'ECDH-ES')).rejects.toMatchObject({ message: 'The PEM key is not an EC P-256, P-384, P-521 or X25519 key, which ECDH-ES needs' });
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    await expect(importIt(pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', ed.privateKey)), 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt(pem('PUBLIC KEY', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]).buffer), 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt(pem('CERTIFICATE', new Uint8Array([0x30, 0x00]).buffer), 'ECDH-ES')).rejects.toMatchObject({ message: 'The certificate cannot be parsed' });
  });

  it('refuses an ECDSA CryptoKey, and an ECDH private CryptoKey that may not deriveBits', async () => {
    const ecdsa = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    await expect(importIt(ecdsa.publicKey, 'ECDH-ES')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const deriveKeyOnly = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveKey'])) as CryptoKeyPair;
    await expect(importIt(deriveKeyOnly.privateKey, 'ECDH-ES')).rejects.toMatchObject({ message: 'The private CryptoKey may not deriveBits' });
    expect((await importIt(deriveKeyOnly.publicKey, 'ECDH-ES')).type).toBe('public');
  });
});

describe('asymmetricKeys.importMaterial: material that is not an asymmetric key', () => {
  it('refuses bytes, strings that are not PEM, numbers, and arrays', async () => {
    await expect(importIt(new Uint8Array(32))).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: 'An RSA-OAEP-256 key must be PEM text, a JWK object or a CryptoKey, never bytes' });
    await expect(importIt('my secret')).rejects.toMatchObject({ message: 'An RSA-OAEP-256 key given as a string must be PEM' });
    await expect(importIt(42)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importIt([RSA_PUBLIC])).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses legacy, encrypted and unknown PEM labels with a way out', async () => {
    await expect(importIt(RSA_PKCS1)).rejects.toMatchObject({ message: expect.stringContaining('legacy format; convert it to SPKI or PKCS#8') });
    await expect(importIt(pem('EC PRIVATE KEY', new Uint8Array([0x30, 0]).buffer), 'ECDH-ES')).rejects.toMatchObject({ message: expect.stringContaining('legacy format') });
    await expect(importIt(pem('ENCRYPTED PRIVATE KEY', new Uint8Array([0x30, 0]).buffer))).rejects.toMatchObject({ message: expect.stringContaining('decrypt it first') });
    await expect(importIt(pem('X509 CRL', new Uint8Array([0x30, 0]).buffer))).rejects.toMatchObject({ message: 'PEM "X509 CRL" is not a key; expected PUBLIC KEY, PRIVATE KEY or CERTIFICATE' });
  });

  it('refuses an alg of another family (ERR_INVALID_ARGUMENT)', async () => {
    await expect(importIt(RSA_PUBLIC, 'A128KW')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'A128KW does not use an asymmetric key' });
    await expect(asymmetricKeys.generatePair(spec('dir'), 'A128GCM', { extractable: true })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('asymmetricKeys.generatePair', () => {
  it('RSA: 2048 bits by default, public exponent 65537, the hash of the alg, usages by type', async () => {
    const { publicKey, privateKey } = await asymmetricKeys.generatePair(spec('RSA-OAEP-384'), 'A128GCM', { extractable: false });
    expect([publicKey.type, privateKey.type]).toEqual(['public', 'private']);
    const pub = publicKey.material.kind === 'crypto' ? publicKey.material.cryptoKey : undefined;
    const priv = privateKey.material.kind === 'crypto' ? privateKey.material.cryptoKey : undefined;
    expect(pub?.algorithm).toMatchObject({ name: 'RSA-OAEP', modulusLength: 2048, hash: { name: 'SHA-384' }, publicExponent: new Uint8Array([1, 0, 1]) });
    expect([pub?.usages, priv?.usages, pub?.extractable, priv?.extractable]).toEqual([['encrypt'], ['decrypt'], true, false]);
  });

  it('RSA: a larger modulus on request; under 2048 bits or not an integer is refused', async () => {
    const { publicKey } = await asymmetricKeys.generatePair(spec('RSA-OAEP'), 'A128GCM', { extractable: true, modulusLength: 3072 });
    expect(publicKey.material.kind === 'crypto' && (publicKey.material.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(3072);
    for (const modulusLength of [1024, 2047, 2048.5, Number.NaN]) {
      await expect(asymmetricKeys.generatePair(spec('RSA-OAEP'), 'A128GCM', { extractable: true, modulusLength })).rejects.toMatchObject({
        code: 'ERR_KEY_INVALID',
        message: 'RSA keys must be at least 2048 bits',
      });
    }
    await expect(asymmetricKeys.generatePair(spec('RSA-OAEP'), 'A128GCM', { extractable: true, crv: 'P-256' })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('ECDH: P-256 by default, any of the four curves on request, nothing else', async () => {
    const made = await asymmetricKeys.generatePair(spec('ECDH-ES'), 'A128GCM', { extractable: true });
    expect(made.privateKey.material.kind === 'crypto' && made.privateKey.material.cryptoKey.algorithm).toEqual({ name: 'ECDH', namedCurve: 'P-256' });
    for (const crv of ['P-384', 'P-521', 'X25519'] as const) {
      const { privateKey } = await asymmetricKeys.generatePair(spec('ECDH-ES+A192KW'), 'A128GCM', { extractable: true, crv });
      const algorithm = privateKey.material.kind === 'crypto' ? (privateKey.material.cryptoKey.algorithm as EcKeyAlgorithm) : undefined;
      expect(algorithm?.namedCurve ?? algorithm?.name).toBe(crv);
    }
    await expect(asymmetricKeys.generatePair(spec('ECDH-ES'), 'A128GCM', { extractable: true, crv: 'secp256k1' as never })).rejects.toEqual(
      code('ERR_INVALID_ARGUMENT'),
    );
    await expect(asymmetricKeys.generatePair(spec('ECDH-ES'), 'A128GCM', { extractable: true, modulusLength: 2048 })).rejects.toEqual(
      code('ERR_INVALID_ARGUMENT'),
    );
  });

  it("a runtime that cannot generate gives ERR_KEY_INVALID, not its own exception", async () => {
    vi.spyOn(crypto.subtle, 'generateKey').mockRejectedValue(new DOMException('Unrecognized name.', 'NotSupportedError'));
    await expect(asymmetricKeys.generatePair(spec('ECDH-ES'), 'A128GCM', { extractable: true, crv: 'X25519' })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'A key pair for ECDH-ES cannot be generated in this runtime',
    });
  });
});

// The family gives the key's own members; the public function adds alg, use and kid.
describe('asymmetricKeys.exportJwk through exportEncryptionJwk', () => {
  const exportOf = async (key: Awaited<ReturnType<typeof jwePair>>['publicKey']) => exportEncryptionJwk(key);

  it('exports public keys with alg and use "enc", without key_ops or ext', async () => {
    const rsa = await jwePair('RSA-OAEP-512', 'A256GCM', { extractable: false });
    expect(Object.keys(await exportOf(rsa.publicKey)).sort()).toEqual(['alg', 'e', 'kty', 'n', 'use']);
    expect(await exportOf(rsa.publicKey)).toMatchObject({ kty: 'RSA', alg: 'RSA-OAEP-512', use: 'enc' });
    const ec = await jwePair('ECDH-ES+A128KW', 'A128GCM', { crv: 'P-521' });
    expect(await exportOf(ec.publicKey)).toEqual({ kty: 'EC', crv: 'P-521', x: expect.any(String), y: expect.any(String), alg: 'ECDH-ES+A128KW', use: 'enc' });
    const okp = await jwePair('ECDH-ES', 'A128GCM', { crv: 'X25519' });
    expect(await exportOf(okp.publicKey)).toEqual({ kty: 'OKP', crv: 'X25519', x: expect.any(String), alg: 'ECDH-ES', use: 'enc' });
  });

  it('adds the kid when the key has one', async () => {
    const pair = await asymmetricKeys.generatePair(spec('ECDH-ES'), 'A128GCM', { extractable: true });
    const key = makeJweKey({ alg: 'ECDH-ES', enc: 'A128GCM', type: 'public', kid: 'k-1' }, pair.publicKey.material);
    expect((await exportOf(key)).kid).toBe('k-1');
  });

  it('exports an extractable private key that imports back as a working private key', async () => {
    const { publicKey, privateKey } = await jwePair('RSA-OAEP', 'A128GCM');
    const jwk = await exportOf(privateKey);
    expect(jwk).toMatchObject({ alg: 'RSA-OAEP', use: 'enc', d: expect.any(String) });
    await roundTrip('RSA-OAEP', await exportOf(publicKey), jwk);
    const ec = await jwePair('ECDH-ES', 'A128GCM', { crv: 'P-384' });
    await roundTrip('ECDH-ES', await exportOf(ec.publicKey), await exportOf(ec.privateKey));
  });

  it('refuses a non-extractable private key, and material that is not a CryptoKey', async () => {
    const { privateKey } = await jwePair('ECDH-ES', 'A128GCM', { extractable: false });
    await expect(exportOf(privateKey)).rejects.toMatchObject({ code: 'ERR_KEY_INVALID', message: 'The key cannot be exported (is it extractable?)' });
    const content = { kind: 'content', content: { enc: 'A128GCM' } } as const;
    await expect(asymmetricKeys.exportJwk(spec('ECDH-ES'), privateKey, content)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('curveOfKeyInfo', () => {
  const der = (text: string) => new Uint8Array(Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64'));

  it('reads the curve of SPKI and PKCS#8 keys on the four curves', async () => {
    for (const crv of ['P-256', 'P-384', 'P-521', 'X25519']) {
      const { spki, pkcs8 } = await exported(await ecdhPair(crv));
      expect([curveOfKeyInfo(der(spki), 'spki'), curveOfKeyInfo(der(pkcs8), 'pkcs8')]).toEqual([crv, crv]);
    }
  });

  it('is undefined for RSA keys, the other format, trailing bytes and truncated DER', () => {
    expect(curveOfKeyInfo(der(RSA_SPKI), 'spki')).toBeUndefined();
    expect(curveOfKeyInfo(der(P256.spki), 'pkcs8')).toBeUndefined();
    expect(curveOfKeyInfo(der(P256.pkcs8), 'spki')).toBeUndefined();
    expect(curveOfKeyInfo(new Uint8Array([...der(P256.spki), 0]), 'spki')).toBeUndefined();
    expect(curveOfKeyInfo(der(P256.spki).subarray(0, 20), 'spki')).toBeUndefined();
    expect(curveOfKeyInfo(new Uint8Array(0), 'spki')).toBeUndefined();
  });

  it('is undefined for an EC key on a curve ECDH-ES does not use (secp256k1) and for X25519 with parameters', () => {
    // SPKI prefix of a secp256k1 key: the named curve 1.3.132.0.10.
    const k1 = new Uint8Array([0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03, 0x42, 0x00, 0x04, ...new Uint8Array(64)]);
    expect(curveOfKeyInfo(k1, 'spki')).toBeUndefined();
    const x25519WithNull = new Uint8Array([0x30, 0x2c, 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x05, 0x00, 0x03, 0x21, 0x00, ...new Uint8Array(32)]);
    expect(curveOfKeyInfo(x25519WithNull, 'spki')).toBeUndefined();
  });
});
