import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importKey } from '../../src/keys/import.js';
import { hasRocaFingerprint } from '../../src/keys/roca.js';
import { checkRsaKey } from '../../src/keys/strength.js';
import { decodeBase64url } from '../../src/lib/base64url.js';
import wycheproof from '../fixtures/wycheproof/json_web_key_test.json' with { type: 'json' };
import { code, rfcKey } from './helpers.js';

type Group = { comment: string; public?: { keys: JsonWebKey[] }; private?: { keys: JsonWebKey[] } };
const group = (comment: string) => (wycheproof.testGroups as Group[]).find((g) => g.comment === comment)!;
const rocaPrivate = group('jws_rsa_roca_key').private!.keys[0]!;
const rocaPublic = group('jws_rsa_roca_key').public!.keys[0]!;

/** A stand-in with only what checkRsaKey reads: a non-extractable key's algorithm parameters. */
const fakeRsaKey = (modulusLength: number, publicExponent: number[]) =>
  ({ algorithm: { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array(publicExponent) }, extractable: false }) as unknown as CryptoKey;

describe('ROCA fingerprint (CVE-2017-15361)', () => {
  it('flags the Wycheproof ROCA modulus and not ordinary ones', () => {
    expect(hasRocaFingerprint(decodeBase64url(rocaPublic.n!)!)).toBe(true);
    expect(hasRocaFingerprint(decodeBase64url(rfcKey('rfc7515-A.2-rsa').n!)!)).toBe(false);
    expect(hasRocaFingerprint(decodeBase64url(rfcKey('rfc7520-3.4-rsa').n!)!)).toBe(false);
    for (let i = 0; i < 2; i++) {
      const { n } = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
      expect(hasRocaFingerprint(Buffer.from(n!, 'base64url'))).toBe(false);
    }
  });

  it('flags every product of two primes of the ROCA form, and refuses a product off it by one prime', () => {
    // M: the product of the odd primes up to 701; ROCA primes are k*M + (65537^a mod M).
    const small: bigint[] = [];
    for (let c = 3n; c <= 701n; c += 2n) if (small.every((p) => c % p !== 0n)) small.push(c);
    const m = small.reduce((a, b) => a * b, 1n);
    const powMod = (b: bigint, e: bigint, mod: bigint) => {
      let r = 1n;
      for (let x = b % mod; e > 0n; e >>= 1n, x = (x * x) % mod) if (e & 1n) r = (r * x) % mod;
      return r;
    };
    const toBytes = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0'), 'hex'));
    for (const [k1, a1, k2, a2] of [[7n, 1234n, 11n, 98765n], [123456789n, 3n, 987654321n, 424242n], [1n, 0n, 2n, 1n]] as const) {
      const n = (k1 * m + powMod(65537n, a1, m)) * (k2 * m + powMod(65537n, a2, m));
      expect(hasRocaFingerprint(toBytes(n))).toBe(true);
      // Off the form modulo exactly one prime (11, where 65537 has order 2: 2 is not a power of it).
      const off = n + (((2n - (n % 11n) + 11n) % 11n) * (m / 11n) * powMod(m / 11n, 11n - 2n, 11n)) % m;
      expect(off % 11n).toBe(2n);
      expect(hasRocaFingerprint(toBytes(off))).toBe(false);
    }
  });

  it('leading zero bytes do not change the answer', () => {
    const n = decodeBase64url(rocaPublic.n!)!;
    // One to three zeros: the remainder is taken three bytes a step, so every length modulo 3 is seen.
    for (const zeros of [1, 2, 3]) expect(hasRocaFingerprint(Uint8Array.of(...new Array(zeros).fill(0), ...n))).toBe(true);
    const ordinary = decodeBase64url(rfcKey('rfc7515-A.2-rsa').n!)!;
    for (const zeros of [1, 2, 3]) expect(hasRocaFingerprint(Uint8Array.of(...new Array(zeros).fill(0), ...ordinary))).toBe(false);
  });

  it('refuses the ROCA key as a public JWK, private JWK, SPKI PEM, PKCS#8 PEM and extractable CryptoKey', async () => {
    const nodePrivate = createPrivateKey({ key: rocaPrivate as never, format: 'jwk' });
    const spki = createPublicKey(nodePrivate).export({ type: 'spki', format: 'pem' }) as string;
    const pkcs8 = nodePrivate.export({ type: 'pkcs8', format: 'pem' }) as string;
    const { kid: _kid, alg: _alg, use: _use, ...bare } = rocaPublic;
    const cryptoKey = await crypto.subtle.importKey('jwk', bare, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    for (const material of [rocaPublic, rocaPrivate, spki, pkcs8, cryptoKey]) {
      await expect(importKey(material, 'RS256')).rejects.toThrow(/ROCA/);
      await expect(importKey(material, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });
});

describe('checkRsaKey', () => {
  it('refuses an even or unit public exponent, and small or missing moduli', async () => {
    await expect(checkRsaKey(fakeRsaKey(2048, [1, 0, 1]))).resolves.toBeUndefined();
    await expect(checkRsaKey(fakeRsaKey(2048, [3]))).resolves.toBeUndefined();
    for (const exponent of [[1], [0, 1], [2], [1, 0, 0], []]) {
      await expect(checkRsaKey(fakeRsaKey(2048, exponent))).rejects.toThrow(/public exponent/);
    }
    await expect(checkRsaKey(fakeRsaKey(2047, [1, 0, 1]))).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(checkRsaKey({ algorithm: { name: 'RSA-PSS' }, extractable: false } as unknown as CryptoKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses the Wycheproof exponent-one key', async () => {
    const { public: { keys: [jwk] } } = group('exponentOne') as Required<Group>;
    await expect(importKey(jwk!, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
