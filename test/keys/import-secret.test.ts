import { describe, expect, it } from 'vitest';
import { exportJwk, importKey, importSecret, sign, signCompact, verify, verifyCompact, type Algorithm } from '../../src/index.js';
import { code, fixture, publicOf, rfcKey } from './helpers.js';

const HS = [['HS256', 32], ['HS384', 48], ['HS512', 64]] as const;
const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('importSecret', () => {
  it('gives the same key as importKey for a string or bytes, bound to the algorithm', async () => {
    for (const [alg, bytes] of HS) {
      const text = 'k'.repeat(bytes);
      const key = await importSecret(text, alg, { kid: 'a', extractable: true });
      const same = await importKey(text, alg, { extractable: true });
      expect([key.alg, key.type, key.weak, key.kid]).toEqual([alg, 'secret', false, 'a']);
      expect(Object.isFrozen(key)).toBe(true);
      expect(key.cryptoKey.usages.sort()).toEqual(['sign', 'verify']);
      expect((await exportJwk(key)).k).toBe((await exportJwk(same)).k);
      // What one signs the other verifies, and the token carries the kid.
      const token = await sign({ sub: 'x' }, key);
      expect((await verify(token, same)).header.kid).toBe('a');
      const fromBytes = await importSecret(new TextEncoder().encode(text), alg);
      expect((await verifyCompact(await signCompact('x', fromBytes), key)).key).toBe(key);
    }
  });

  it('is not extractable unless asked, and copies the bytes it is given', async () => {
    const bytes = new Uint8Array(32).fill(3);
    const key = await importSecret(bytes, 'HS256');
    expect(key.cryptoKey.extractable).toBe(false);
    bytes.fill(0);
    const again = await importSecret(new Uint8Array(32).fill(3), 'HS256');
    expect((await verifyCompact(await signCompact('x', key), again)).key).toBe(again);
  });

  it('refuses a secret shorter than the hash output, unless verify-only with the loud option', async () => {
    for (const [alg, bytes] of HS) {
      await expect(importSecret('x'.repeat(bytes - 1), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importSecret(new Uint8Array(bytes - 1), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
    const weak = await importSecret('your-256-bit-secret', 'HS256', { allowShortSecretForVerifyOnly: true });
    expect([weak.weak, weak.cryptoKey.usages]).toEqual([true, ['verify']]);
    await expect(sign({}, weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
    expect((await verify(JWT_IO, weak)).payload.name).toBe('John Doe');
  });

  it.each<[string, string | Uint8Array]>([
    ['an empty string', ''],
    ['empty bytes', new Uint8Array()],
    ['a PEM certificate', fixture('ec-cert.pem')],
    ['a PEM after explanatory text', `Certificate:\n    Data: ...\n${fixture('ec-cert.pem')}`],
    ['JWK JSON text', JSON.stringify(publicOf(rfcKey('rfc7515-A.2-rsa')))],
  ])('refuses %s, even with allowShortSecretForVerifyOnly', async (_name, material) => {
    for (const [alg] of HS) {
      await expect(importSecret(material, alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importSecret(material, alg, { allowShortSecretForVerifyOnly: true })).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('takes only a string or bytes: a JWK, a CryptoKey or anything else is for importKey', async () => {
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    for (const material of [rfcKey('rfc7515-A.1-oct'), hmac, 42, null, undefined, [], new Uint16Array(32)]) {
      const failure = importSecret(material as never, 'HS256');
      await expect(failure).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(failure).rejects.toThrow(/use importKey/);
    }
  });

  it('refuses every algorithm but HS256, HS384 and HS512, before looking at the secret', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA', 'none', 'hs256', 'toString', '__proto__', 7]) {
      await expect(importSecret('x'.repeat(64), alg as 'HS256')).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
      await expect(importSecret(fixture('ec-cert.pem'), alg as 'HS256')).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
    // An asymmetric algorithm's name is quoted, and the way on is named.
    await expect(importSecret('x'.repeat(64), 'RS256' as Algorithm as 'HS256')).rejects.toThrow(/not "RS256"; use importKey/);
  });

  it('checks its options like importKey', async () => {
    await expect(importSecret('x'.repeat(32), 'HS256', { kid: 1 as never })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(importSecret('x'.repeat(32), 'HS256', null as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('never puts the secret in an error message', async () => {
    const secret = 'correct-horse-battery';
    const failures = await Promise.allSettled([
      importSecret(secret, 'HS256'),
      importSecret(`{"k":"${secret}"}`, 'HS256'),
      importSecret(secret, secret as 'HS256'),
    ]);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      expect(String((failure as PromiseRejectedResult).reason.message)).not.toContain(secret);
    }
  });
});
