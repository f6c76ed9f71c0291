/**
 * ECDH JWKs as Web Crypto exports them import with importEncryptionKey. Deno writes
 * `"alg": "ECDH"` (Web Crypto's name, no JOSE alg) into EC keys: such a JWK is read as naming no
 * alg, so the caller's alg decides. Keys exported by Deno itself (a fixture) and by Node's Web
 * Crypto, with "ECDH" added by hand, round-trip on every curve. Any other alg that is not the
 * caller's is still refused: another alg of the family, another family, another spelling, the
 * label on a key that is not EC.
 */
import { describe, expect, it } from 'vitest';
import denoExported from '../fixtures/jwe/deno-ecdh-jwks.json';
import {
  decryptCompact,
  encryptCompact,
  exportEncryptionJwk,
  importEncryptionKey,
  type KeyManagementAlgorithm,
} from '../../src/index.js';
import { rejection } from './helpers.js';

type Curve = 'P-256' | 'P-384' | 'P-521' | 'X25519';
type JwkPair = { publicJwk: Record<string, unknown>; privateJwk: Record<string, unknown> };

const CURVES: readonly Curve[] = ['P-256', 'P-384', 'P-521', 'X25519'];
const ECDH_ALGS: readonly KeyManagementAlgorithm[] = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'];
const PLAINTEXT = new TextEncoder().encode('made for Web Crypto, read by JOSE');

/** A pair made and exported by this process's Web Crypto, members unchanged. */
async function webCryptoPair(crv: Curve): Promise<JwkPair> {
  const algorithm = crv === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: crv };
  const pair = (await crypto.subtle.generateKey(algorithm, true, ['deriveBits'])) as CryptoKeyPair;
  return {
    publicJwk: (await crypto.subtle.exportKey('jwk', pair.publicKey)) as Record<string, unknown>,
    privateJwk: (await crypto.subtle.exportKey('jwk', pair.privateKey)) as Record<string, unknown>,
  };
}

/** Imports both halves for `alg` + A256GCM and proves they are one working pair. */
async function roundTrip(pair: JwkPair, alg: KeyManagementAlgorithm): Promise<void> {
  const publicKey = await importEncryptionKey(pair.publicJwk, alg, 'A256GCM');
  const privateKey = await importEncryptionKey(pair.privateJwk, alg, 'A256GCM');
  expect([publicKey.type, privateKey.type, publicKey.alg, privateKey.alg]).toEqual(['public', 'private', alg, alg]);
  const token = await encryptCompact(PLAINTEXT, publicKey);
  const { plaintext, header } = await decryptCompact(token, privateKey);
  expect(plaintext).toEqual(PLAINTEXT);
  expect([header.alg, header.enc]).toEqual([alg, 'A256GCM']);
}

describe('JWKs exported by Deno (fixture made by Deno 2.9 exportKey, unchanged)', () => {
  const keys = denoExported.keys as Record<Curve, JwkPair>;

  it('carry alg "ECDH" on EC keys and no alg on X25519 keys (what this fix is for)', () => {
    for (const crv of ['P-256', 'P-384', 'P-521'] as const) {
      expect([keys[crv].publicJwk.alg, keys[crv].privateJwk.alg, keys[crv].publicJwk.kty]).toEqual(['ECDH', 'ECDH', 'EC']);
    }
    expect([keys.X25519.publicJwk.alg, keys.X25519.privateJwk.alg]).toEqual([undefined, undefined]);
  });

  it.each(CURVES.flatMap((crv) => ECDH_ALGS.map((alg) => [crv, alg] as const)))('%s imports for %s and round-trips', async (crv, alg) => {
    await roundTrip(keys[crv], alg);
  });

  it('an imported key exports with the JOSE alg it was imported for, never "ECDH"', async () => {
    const publicKey = await importEncryptionKey(keys['P-384'].publicJwk, 'ECDH-ES+A128KW', 'A128GCM', { kid: 'deno-1' });
    expect(await exportEncryptionJwk(publicKey)).toEqual({
      kty: 'EC',
      crv: 'P-384',
      x: keys['P-384'].publicJwk.x,
      y: keys['P-384'].publicJwk.y,
      alg: 'ECDH-ES+A128KW',
      use: 'enc',
      kid: 'deno-1',
    });
  });
});

describe('JWKs exported by Node\'s Web Crypto, with alg "ECDH" added as Deno adds it', () => {
  it.each(CURVES.filter((crv) => crv !== 'X25519'))('%s: as exported, and with "ECDH" added, imports and round-trips', async (crv) => {
    const exported = await webCryptoPair(crv);
    await roundTrip(exported, 'ECDH-ES');
    const labelled = { publicJwk: { ...exported.publicJwk, alg: 'ECDH' }, privateJwk: { ...exported.privateJwk, alg: 'ECDH' } };
    for (const alg of ECDH_ALGS) await roundTrip(labelled, alg);
  });

  it('X25519 as exported (no alg) imports and round-trips', async () => {
    for (const alg of ECDH_ALGS) await roundTrip(await webCryptoPair('X25519'), alg);
  });

  it('the other members are still checked: use "sig", key_ops that do not derive, a point off the curve', async () => {
    const { publicJwk, privateJwk } = await webCryptoPair('P-256');
    const refused = async (jwk: Record<string, unknown>, message: string) =>
      expect((await rejection(importEncryptionKey({ ...jwk, alg: 'ECDH' }, 'ECDH-ES', 'A128GCM'), 'ERR_KEY_INVALID')).message).toBe(message);
    await refused({ ...publicJwk, use: 'sig' }, 'The JWK is not for encryption (its use is not "enc")');
    await refused({ ...privateJwk, key_ops: ['sign'] }, 'The JWK key_ops do not allow deriveKey or deriveBits');
    const y = Buffer.from(publicJwk.y as string, 'base64url');
    y[31]! ^= 1;
    await refused({ ...publicJwk, y: y.toString('base64url') }, 'The JWK point is not on P-256');
  });
});

describe('an alg that names anything but the caller\'s alg is still refused (ERR_KEY_INVALID)', () => {
  const refusal = async (jwk: Record<string, unknown>, alg: KeyManagementAlgorithm) =>
    (await rejection(importEncryptionKey(jwk, alg, 'A128GCM'), 'ERR_KEY_INVALID')).message;

  it('a key for ECDH-ES is not imported for ECDH-ES+A128KW, nor the other way round', async () => {
    const { publicJwk, privateJwk } = await webCryptoPair('P-256');
    expect(await refusal({ ...publicJwk, alg: 'ECDH-ES' }, 'ECDH-ES+A128KW')).toBe('The JWK is for "ECDH-ES", not ECDH-ES+A128KW');
    expect(await refusal({ ...privateJwk, alg: 'ECDH-ES+A128KW' }, 'ECDH-ES')).toBe('The JWK is for "ECDH-ES+A128KW", not ECDH-ES');
  });

  it('RSA-OAEP or a JWS alg on an EC key', async () => {
    const { publicJwk } = await webCryptoPair('P-384');
    expect(await refusal({ ...publicJwk, alg: 'RSA-OAEP' }, 'ECDH-ES')).toBe('The JWK is for "RSA-OAEP", not ECDH-ES');
    expect(await refusal({ ...publicJwk, alg: 'ES384' }, 'ECDH-ES')).toBe('The JWK is for "ES384", not ECDH-ES');
  });

  it('"ECDH" spelt any other way: the label is matched exactly', async () => {
    const { publicJwk } = await webCryptoPair('P-256');
    for (const alg of ['ecdh', 'Ecdh', 'ECDH-', 'ECDH_ES']) {
      expect(await refusal({ ...publicJwk, alg }, 'ECDH-ES')).toBe(`The JWK is for "${alg}", not ECDH-ES`);
    }
    // Names with other characters are described, never echoed.
    for (const alg of ['ECDH ', ' ECDH', 'ECDH\u0000', 'ECDH\u200b']) {
      expect(await refusal({ ...publicJwk, alg }, 'ECDH-ES')).toBe('The JWK is for an unsupported string, not ECDH-ES');
    }
  });

  it('"ECDH" on a key that is not EC: X25519 (its Web Crypto name is X25519), RSA, oct', async () => {
    const x25519 = await webCryptoPair('X25519');
    expect(await refusal({ ...x25519.publicJwk, alg: 'ECDH' }, 'ECDH-ES')).toBe('The JWK is for "ECDH", not ECDH-ES');
    const rsa = (await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['encrypt', 'decrypt'],
    )) as CryptoKeyPair;
    const rsaJwk = { ...(await crypto.subtle.exportKey('jwk', rsa.publicKey)), alg: 'ECDH' } as Record<string, unknown>;
    expect(await refusal(rsaJwk, 'RSA-OAEP-256')).toBe('The JWK is for "ECDH", not RSA-OAEP-256');
    const oct = { kty: 'oct', k: Buffer.alloc(16, 7).toString('base64url'), alg: 'ECDH' };
    expect(await refusal(oct, 'A128KW')).toBe('The JWK is for "ECDH", not A128KW');
  });

  it('an alg that is not a string', async () => {
    const { publicJwk } = await webCryptoPair('P-256');
    for (const alg of [null, 1, ['ECDH'], { name: 'ECDH' }]) {
      await rejection(importEncryptionKey({ ...publicJwk, alg } as never, 'ECDH-ES', 'A128GCM'), 'ERR_KEY_INVALID');
    }
  });
});
