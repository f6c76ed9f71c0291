/**
 * The public JWE key functions: importEncryptionKey, generateEncryptionKey,
 * generateEncryptionKeyPair, exportEncryptionJwk. Unknown alg or enc names are refused naming the
 * nearest one; each generator makes only its own kind of key; exported JWKs carry alg, use and kid
 * and import back to a key that decrypts what the original encrypted.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  decryptCompact,
  encryptCompact,
  exportEncryptionJwk,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  importEncryptionKey,
  isJweKey,
  KEY_MANAGEMENT_ALGORITHMS,
} from '../../src/index.js';
import { rejection } from './helpers.js';

describe('the algorithm lists', () => {
  it('hold every alg and enc, and no RSA1_5', () => {
    expect(KEY_MANAGEMENT_ALGORITHMS).toHaveLength(18);
    expect(KEY_MANAGEMENT_ALGORITHMS).not.toContain('RSA1_5');
    expect(CONTENT_ENCRYPTION_ALGORITHMS).toEqual(['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512']);
    expect(Object.isFrozen(KEY_MANAGEMENT_ALGORITHMS)).toBe(true);
  });
});

describe('unknown algorithm names', () => {
  const calls = {
    importEncryptionKey: (alg: string, enc: string) => importEncryptionKey(new Uint8Array(32), alg as never, enc as never),
    generateEncryptionKey: (alg: string, enc: string) => generateEncryptionKey(alg as never, enc as never),
    generateEncryptionKeyPair: (alg: string, enc: string) => generateEncryptionKeyPair(alg as never, enc as never),
  };

  it.each(Object.entries(calls))('%s names the nearest alg and enc', async (_name, call) => {
    let error = await rejection(call('A256GKW', 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('Unsupported key management algorithm: "A256GKW" (did you mean "A256KW"?)');
    error = await rejection(call('RSA-OAEP256', 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toContain('(did you mean "RSA-OAEP-256"?)');
    error = await rejection(call('dir', 'A256CBC-HS256'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toContain('Unsupported content encryption algorithm');
    expect(error.message).toContain('(did you mean');
    error = await rejection(call('dir', 'a256gcm'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('Unsupported content encryption algorithm: "a256gcm" (did you mean "A256GCM"?)');
  });

  it('lists the supported names when nothing is close, and never quotes what could be key material', async () => {
    const error = await rejection(calls.importEncryptionKey('HS256', 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toMatch(/^Unsupported key management algorithm: "HS256" \(supported: dir, A128KW, .*PBES2-HS512\+A256KW\)$/);
    const secret = 'super-secret-value-that-must-not-leak';
    const leaked = await rejection(calls.importEncryptionKey(secret, 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    expect(leaked.message).not.toContain(secret);
    await rejection(calls.importEncryptionKey(undefined as never, 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    await rejection(calls.importEncryptionKey('dir', 42 as never), 'ERR_INVALID_ARGUMENT');
  });
});

describe('importEncryptionKey', () => {
  it('binds the key to alg and enc, takes the kid from the option or the JWK', async () => {
    const key = await importEncryptionKey({ kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url'), kid: 'jwk-kid' }, 'A256KW', 'A128GCM');
    expect(key).toMatchObject({ alg: 'A256KW', enc: 'A128GCM', type: 'secret', kid: 'jwk-kid' });
    expect(Object.isFrozen(key)).toBe(true);
    expect(isJweKey(key)).toBe(true);
    const renamed = await importEncryptionKey({ kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url'), kid: 'jwk-kid' }, 'A256KW', 'A128GCM', { kid: 'opt' });
    expect(renamed.kid).toBe('opt');
  });

  it('is not extractable unless asked', async () => {
    const key = await importEncryptionKey(new Uint8Array(32), 'dir', 'A256GCM');
    await rejection(exportEncryptionJwk(key), 'ERR_KEY_INVALID');
    const extractable = await importEncryptionKey(new Uint8Array(32), 'dir', 'A256GCM', { extractable: true });
    expect((await exportEncryptionJwk(extractable)).k).toBe(Buffer.alloc(32).toString('base64url'));
  });

  it('refuses material of the wrong length or kind (the families decide; the code is ERR_KEY_INVALID)', async () => {
    await rejection(importEncryptionKey(new Uint8Array(16), 'dir', 'A256GCM'), 'ERR_KEY_INVALID');
    await rejection(importEncryptionKey('a string secret', 'A256KW', 'A256GCM'), 'ERR_KEY_INVALID');
    await rejection(importEncryptionKey(new Uint8Array(32), 'RSA-OAEP-256', 'A256GCM'), 'ERR_KEY_INVALID');
  });
});

describe('generateEncryptionKey', () => {
  it.each([
    ['dir', 'A128CBC-HS256'],
    ['A192KW', 'A256GCM'],
    ['A128GCMKW', 'A128GCM'],
    ['PBES2-HS384+A192KW', 'A256GCM'],
  ] as const)('%s / %s: a secret that round-trips and exports', async (alg, enc) => {
    const key = await generateEncryptionKey(alg, enc, { kid: 'g-1' });
    expect(key).toMatchObject({ alg, enc, type: 'secret', kid: 'g-1' });
    const options = alg.startsWith('PBES2') ? { p2c: 1000 } : {};
    expect((await decryptCompact(await encryptCompact('x', key, options), key)).plaintext).toEqual(new Uint8Array([120]));
    const jwk = await exportEncryptionJwk(key);
    expect(jwk).toMatchObject({ kty: 'oct', alg, use: 'enc', kid: 'g-1' });
    expect(jwk).not.toHaveProperty('enc');
    const again = await importEncryptionKey(jwk, alg, enc);
    expect((await decryptCompact(await encryptCompact('y', key, options), again)).plaintext).toEqual(new Uint8Array([121]));
  });

  it('makes a secret of the right length for dir', async () => {
    for (const [enc, bytes] of [['A128GCM', 16], ['A192CBC-HS384', 48], ['A256CBC-HS512', 64]] as const) {
      const jwk = await exportEncryptionJwk(await generateEncryptionKey('dir', enc));
      expect(Buffer.from(jwk.k!, 'base64url')).toHaveLength(bytes);
    }
  });

  it('extractable: false keeps it inside', async () => {
    await rejection(exportEncryptionJwk(await generateEncryptionKey('A256KW', 'A256GCM', { extractable: false })), 'ERR_KEY_INVALID');
  });

  it('refuses asymmetric algorithms', async () => {
    const error = await rejection(generateEncryptionKey('ECDH-ES', 'A256GCM'), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('ECDH-ES needs a key pair: use generateEncryptionKeyPair');
  });
});

describe('generateEncryptionKeyPair', () => {
  it.each([
    ['RSA-OAEP-384', 'A256GCM', {}, 'RSA'],
    ['RSA-OAEP-512', 'A128CBC-HS256', { modulusLength: 3072 }, 'RSA'],
    ['ECDH-ES', 'A256GCM', {}, 'EC'],
    ['ECDH-ES+A192KW', 'A192GCM', { crv: 'P-384' }, 'EC'],
    ['ECDH-ES+A256KW', 'A256CBC-HS512', { crv: 'P-521' }, 'EC'],
    ['ECDH-ES', 'A128GCM', { crv: 'X25519' }, 'OKP'],
  ] as const)('%s / %s %o: a pair that round-trips and exports', async (alg, enc, options, kty) => {
    const { publicKey, privateKey } = await generateEncryptionKeyPair(alg, enc, { ...options, kid: 'p-1' });
    expect(publicKey).toMatchObject({ alg, enc, type: 'public', kid: 'p-1' });
    expect(privateKey).toMatchObject({ alg, enc, type: 'private', kid: 'p-1' });
    expect((await decryptCompact(await encryptCompact('x', publicKey), privateKey)).plaintext).toEqual(new Uint8Array([120]));

    const publicJwk = await exportEncryptionJwk(publicKey);
    expect(publicJwk).toMatchObject({ kty, alg, use: 'enc', kid: 'p-1' });
    expect(publicJwk.d).toBeUndefined();
    const reimported = await importEncryptionKey(publicJwk, alg, enc);
    const privateJwk = await exportEncryptionJwk(privateKey);
    expect(typeof privateJwk.d).toBe('string');
    expect((await decryptCompact(await encryptCompact('y', reimported), await importEncryptionKey(privateJwk, alg, enc))).plaintext).toEqual(
      new Uint8Array([121]),
    );
  });

  it('uses P-256 for ECDH-ES by default', async () => {
    const { publicKey } = await generateEncryptionKeyPair('ECDH-ES', 'A256GCM');
    expect((await exportEncryptionJwk(publicKey)).crv).toBe('P-256');
  });

  it('extractable: false keeps the private key inside; the public key always exports', async () => {
    const { publicKey, privateKey } = await generateEncryptionKeyPair('ECDH-ES', 'A256GCM', { extractable: false });
    await rejection(exportEncryptionJwk(privateKey), 'ERR_KEY_INVALID');
    expect((await exportEncryptionJwk(publicKey)).kty).toBe('EC');
  });

  it('refuses secret algorithms, options of the other family, small RSA and unknown curves', async () => {
    expect((await rejection(generateEncryptionKeyPair('A256KW', 'A256GCM'), 'ERR_INVALID_ARGUMENT')).message).toBe(
      'A256KW takes a secret, not a key pair: use generateEncryptionKey',
    );
    await rejection(generateEncryptionKeyPair('RSA-OAEP', 'A256GCM', { crv: 'P-256' }), 'ERR_INVALID_ARGUMENT');
    await rejection(generateEncryptionKeyPair('ECDH-ES', 'A256GCM', { modulusLength: 2048 }), 'ERR_INVALID_ARGUMENT');
    await rejection(generateEncryptionKeyPair('RSA-OAEP', 'A256GCM', { modulusLength: 1024 }), 'ERR_KEY_INVALID');
    await rejection(generateEncryptionKeyPair('RSA-OAEP', 'A256GCM', { modulusLength: 2048.5 }), 'ERR_KEY_INVALID');
    await rejection(generateEncryptionKeyPair('ECDH-ES', 'A256GCM', { crv: 'secp256k1' as never }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('exportEncryptionJwk', () => {
  it('refuses what is not a JweKey', async () => {
    for (const value of [undefined, {}, { alg: 'dir', enc: 'A256GCM', type: 'secret' }, new Uint8Array(32)]) {
      await rejection(exportEncryptionJwk(value as never), 'ERR_INVALID_ARGUMENT');
    }
  });
});
