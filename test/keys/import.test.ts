import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importKey } from '../../src/keys/import.js';
import { exportPem } from '../../src/keys/export.js';
import { generateKeyPair } from '../../src/keys/generate.js';
import { sign, signCompact, verify, verifyCompact, type Algorithm } from '../../src/index.js';
import { code, fixture, publicOf, rfcKey } from './helpers.js';

const HS = [['HS256', 32], ['HS384', 48], ['HS512', 64]] as const;
const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('importKey: HMAC secrets', () => {
  it('imports a string, bytes or an oct JWK, bound to the algorithm', async () => {
    const fromString = await importKey('x'.repeat(32), 'HS256');
    const fromBytes = await importKey(new Uint8Array(48).fill(7), 'HS384', { kid: 'b' });
    const fromJwk = await importKey(rfcKey('rfc7515-A.1-oct'), 'HS256');
    expect([fromString.alg, fromString.type, fromString.weak]).toEqual(['HS256', 'secret', false]);
    expect([fromBytes.alg, fromBytes.kid]).toEqual(['HS384', 'b']);
    expect([fromJwk.alg, fromJwk.type]).toEqual(['HS256', 'secret']);
    expect(Object.isFrozen(fromString)).toBe(true);
    expect(fromString.cryptoKey.usages.sort()).toEqual(['sign', 'verify']);
    expect(fromString.cryptoKey.extractable).toBe(false);
  });

  it('accepts a secret exactly as long as the hash output, for each HMAC algorithm', async () => {
    for (const [alg, bytes] of HS) {
      const key = await importKey(new Uint8Array(bytes).fill(1), alg);
      expect((await verifyCompact(await signCompact('x', key), key)).key.alg).toBe(alg);
    }
  });

  it('copies the bytes it is given', async () => {
    const bytes = new Uint8Array(32).fill(3);
    const key = await importKey(bytes, 'HS256', { extractable: true });
    bytes.fill(0);
    const again = await importKey(new Uint8Array(32).fill(3), 'HS256');
    expect((await verifyCompact(await signCompact('x', key), again)).key).toBe(again);
  });

  const pemAfterText = `Certificate:\n    Data: ...\n${fixture('ec-cert.pem')}`;
  it.each<[string, string | Uint8Array]>([
    ['an empty string', ''],
    ['empty bytes', new Uint8Array()],
    ['a PEM certificate', fixture('ec-cert.pem')],
    ['a PEM private key with leading whitespace', `\n  ${fixture('ec-cert.key.pem')}`],
    ['a PEM after explanatory text', pemAfterText],
    ['JWK JSON text', JSON.stringify(publicOf(rfcKey('rfc7515-A.2-rsa')))],
    ['indented JWK JSON text', `  \n${JSON.stringify(rfcKey('rfc7515-A.1-oct'), null, 2)}`],
  ])('refuses %s as a secret, even with allowShortSecretForVerifyOnly', async (_name, material) => {
    for (const [alg] of HS) {
      await expect(importKey(material, alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importKey(material, alg, { allowShortSecretForVerifyOnly: true })).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('refuses a secret shorter than the hash output (RFC 7518 section 3.2)', async () => {
    for (const [alg, bytes] of HS) {
      await expect(importKey('x'.repeat(bytes - 1), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importKey(new Uint8Array(bytes - 1), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
    // Length counts UTF-8 bytes: 16 two-byte characters are 32 bytes.
    await expect(importKey('é'.repeat(16), 'HS256')).resolves.toBeTruthy();
  });

  it('accepts a short secret only with the loud option, as a weak verify-only key', async () => {
    const weak = await importKey('your-256-bit-secret', 'HS256', { allowShortSecretForVerifyOnly: true });
    expect(weak.weak).toBe(true);
    expect(weak.cryptoKey.usages).toEqual(['verify']);
    await expect(sign({}, weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(signCompact('x', weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
    // Even past the library's own check, Web Crypto refuses: the key has no sign usage.
    await expect(crypto.subtle.sign('HMAC', weak.cryptoKey, new Uint8Array(1))).rejects.toThrow();
    const result = await verify(JWT_IO, weak);
    expect(result.payload.name).toBe('John Doe');
    expect(result.key.weak).toBe(true);
    await expect(verify(JWT_IO, 'your-256-bit-secret', { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a long enough secret is not weak, even with the option', async () => {
    const key = await importKey('x'.repeat(32), 'HS256', { allowShortSecretForVerifyOnly: true });
    expect([key.weak, key.cryptoKey.usages.length]).toEqual([false, 2]);
  });

  it('refuses oct JWKs with a bad or missing k, another kty, alg, use or key_ops', async () => {
    const oct = rfcKey('rfc7515-A.1-oct');
    const bad: JsonWebKey[] = [
      { kty: 'oct', k: 'a+b/' }, { kty: 'oct' }, { kty: 'oct', k: '' }, { kty: 'oct', k: 42 as never },
      rfcKey('rfc7515-A.3-ec'), { ...oct, alg: 'HS512' }, { ...oct, alg: 'A256GCM' }, { ...oct, use: 'enc' },
      { ...oct, key_ops: ['encrypt'] }, { ...oct, key_ops: ['sign', 'sign'] }, { ...oct, key_ops: [1] as never },
    ];
    for (const jwk of bad) await expect(importKey(jwk, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...oct, alg: 'HS256', use: 'sig', key_ops: ['verify'] }, 'HS256')).resolves.toBeTruthy();
  });

  it('imports an HMAC CryptoKey with the same hash and a long enough key', async () => {
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, false, ['sign', 'verify']);
    expect((await importKey(hmac, 'HS512', { kid: 'h' })).kid).toBe('h');
    await expect(importKey(hmac, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const short = await crypto.subtle.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    await expect(importKey(short, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const weak = await importKey(short, 'HS256', { allowShortSecretForVerifyOnly: true });
    expect(weak.weak).toBe(true);
    await expect(signCompact('x', weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses other material types', async () => {
    for (const material of [42, null, undefined, [], new Uint16Array(32), new Date()]) {
      await expect(importKey(material as never, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('refuses unknown algorithms and bad options', async () => {
    for (const alg of ['none', 'NONE', 'HS1', 'toString', '__proto__', 'RSA-OAEP', 7]) {
      await expect(importKey('x'.repeat(64), alg as Algorithm)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    }
    await expect(importKey('x'.repeat(32), 'HS256', { kid: 1 as never })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(importKey('x'.repeat(32), 'HS256', null as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('never puts the material in an error message', async () => {
    const secret = 'correct-horse-battery';
    const pem = fixture('ec-cert.key.pem');
    const body = pem.split('\n')[1]!;
    const failures = await Promise.allSettled([
      importKey(secret, 'HS256'),
      importKey(`{"k":"${secret}"}`, 'HS256'),
      importKey(pem, 'HS256'),
      importKey(pem, 'RS256'),
      importKey({ kty: 'oct', k: secret, alg: secret }, 'HS256'),
      importKey({ kty: secret } as JsonWebKey, 'HS256'),
      importKey(secret, secret as Algorithm),
    ]);
    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      const message = String((failure as PromiseRejectedResult).reason.message);
      expect(message).not.toContain(secret);
      expect(message).not.toContain(body.slice(0, 16));
    }
  });
});

describe('importKey: asymmetric keys', () => {
  it('imports the RFC JWKs, public and private, for their algorithms', async () => {
    const cases: Array<[string, Algorithm]> = [
      ['rfc7515-A.2-rsa', 'RS256'], ['rfc7515-A.2-rsa', 'PS512'], ['rfc7520-3.4-rsa', 'PS384'],
      ['rfc7515-A.3-ec', 'ES256'], ['rfc7515-A.4-ec', 'ES512'], ['rfc7520-3.2-ec', 'ES512'],
      ['rfc8037-A.1-okp', 'EdDSA'], ['rfc8037-A.1-okp', 'Ed25519'],
    ];
    for (const [name, alg] of cases) {
      const priv = await importKey(rfcKey(name), alg);
      const pub = await importKey(publicOf(rfcKey(name)), alg);
      expect([priv.type, pub.type, priv.alg, pub.alg]).toEqual(['private', 'public', alg, alg]);
      expect([priv.cryptoKey.extractable, pub.cryptoKey.extractable]).toEqual([false, true]);
      expect((await verifyCompact(await signCompact('payload', priv), pub)).key).toBe(pub);
    }
  });

  it('takes the kid from the JWK unless given', async () => {
    expect((await importKey(rfcKey('rfc7520-3.4-rsa'), 'RS256')).kid).toBe('bilbo.baggins@hobbiton.example');
    expect((await importKey(rfcKey('rfc7520-3.4-rsa'), 'RS256', { kid: 'x' })).kid).toBe('x');
    expect((await importKey(rfcKey('rfc7515-A.3-ec'), 'ES256')).kid).toBeUndefined();
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
    // CRLF line ends are fine.
    expect((await importKey(spki.replace(/\n/g, '\r\n'), 'ES256')).type).toBe('public');
  });

  it('makes private keys non-extractable unless asked', async () => {
    expect((await importKey(fixture('ec-cert.key.pem'), 'ES256')).cryptoKey.extractable).toBe(false);
    const extractable = await importKey(fixture('ec-cert.key.pem'), 'ES256', { extractable: true });
    expect(await exportPem(extractable)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('refuses legacy and encrypted PEM with a hint, and labels that are not keys', async () => {
    await expect(importKey(fixture('rsa-pkcs1.pem'), 'RS256')).rejects.toThrow(/legacy format.*PKCS#8/);
    const block = (label: string) => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----`;
    await expect(importKey(block('RSA PUBLIC KEY'), 'RS256')).rejects.toThrow(/legacy format/);
    await expect(importKey(block('EC PRIVATE KEY'), 'ES256')).rejects.toThrow(/legacy format/);
    await expect(importKey(block('ENCRYPTED PRIVATE KEY'), 'ES256')).rejects.toThrow(/decrypt it first/);
    await expect(importKey(block('CERTIFICATE REQUEST'), 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it.each([
    ['mismatched labels', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
    ['bad base64', '-----BEGIN PUBLIC KEY-----\nA$AA\n-----END PUBLIC KEY-----'],
    ['base64url characters', '-----BEGIN PUBLIC KEY-----\nA-A_\n-----END PUBLIC KEY-----'],
    ['a wrong length', '-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----'],
    ['an empty body', '-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----'],
    ['garbage DER', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['a garbage certificate', '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----'],
    ['two blocks', `${fixture('ec-cert.pem')}${fixture('ec-cert.pem')}`],
    ['headers inside', '-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END PUBLIC KEY-----'],
    ['not PEM at all', 'ssh-ed25519 AAAA'],
  ])('refuses PEM with %s', async (_name, pem) => {
    await expect(importKey(pem, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses bytes, JSON text and other values for asymmetric algorithms', async () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
      await expect(importKey(new Uint8Array(64), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importKey(JSON.stringify(rfcKey('rfc7515-A.3-ec')), alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
      await expect(importKey(null as never, alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
  });

  it('refuses a key of another family or curve than the algorithm', async () => {
    const cases: Array<[JsonWebKey | string, Algorithm]> = [
      [rfcKey('rfc7515-A.3-ec'), 'ES384'], [rfcKey('rfc7515-A.3-ec'), 'RS256'], [rfcKey('rfc7515-A.2-rsa'), 'ES256'],
      [rfcKey('rfc7515-A.4-ec'), 'ES256'], [rfcKey('rfc8037-A.1-okp'), 'ES256'], [rfcKey('rfc7515-A.2-rsa'), 'EdDSA'],
      [{ ...publicOf(rfcKey('rfc8037-A.1-okp')), crv: 'X25519' }, 'EdDSA'],
      [fixture('ec-cert.pem'), 'RS256'], [fixture('ec-cert.pem'), 'ES384'], [fixture('ec-cert.pem'), 'EdDSA'],
      [fixture('ec-cert.key.pem'), 'PS256'],
    ];
    for (const [material, alg] of cases) await expect(importKey(material, alg)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses JWKs whose alg, use or key_ops say otherwise', async () => {
    const ec = publicOf(rfcKey('rfc7515-A.3-ec'));
    const refused: JsonWebKey[] = [
      { ...ec, alg: 'ES384' }, { ...ec, alg: 'ES521' }, { ...ec, use: 'enc' }, { ...ec, key_ops: ['encrypt'] },
      { ...ec, key_ops: 'verify' as never }, { ...ec, key_ops: ['sign'] }, { ...ec, key_ops: ['verify', 'verify'] },
      { ...rfcKey('rfc7515-A.3-ec'), key_ops: ['verify'] }, { ...ec, x: 'AAAA' }, { ...ec, y: undefined },
    ];
    for (const jwk of refused) await expect(importKey(jwk, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey({ ...ec, alg: 'ES256', use: 'sig', key_ops: ['verify'] }, 'ES256')).resolves.toBeTruthy();
    await expect(importKey({ ...rfcKey('rfc7515-A.3-ec'), key_ops: ['sign'] }, 'ES256')).resolves.toBeTruthy();
  });

  it('refuses RSA keys under 2048 bits, as PEM, JWK and CryptoKey', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const cases = [
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
      privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      privateKey.export({ format: 'jwk' }) as JsonWebKey,
      publicKey.export({ format: 'jwk' }) as JsonWebKey,
    ];
    for (const material of cases) {
      await expect(importKey(material, 'RS256')).rejects.toThrow(/at least 2048 bits/);
      await expect(importKey(material, 'PS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    }
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const small = await crypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    await expect(importKey(small, 'RS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('accepts RSA keys of 2048 bits and more with exponent 3 or 65537', async () => {
    const e3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const pub = await importKey(e3.publicKey.export({ format: 'jwk' }) as JsonWebKey, 'RS256');
    const priv = await importKey(e3.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'RS256');
    expect((await verifyCompact(await signCompact('x', priv), pub)).key).toBe(pub);
    const big = generateKeyPairSync('rsa', { modulusLength: 3072 });
    expect((await importKey(big.publicKey.export({ type: 'spki', format: 'pem' }) as string, 'PS384')).type).toBe('public');
  });
});

describe('importKey: CryptoKey', () => {
  it('wraps a CryptoKey for the algorithm its parameters bind it to', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const priv = await importKey(pair.privateKey, 'ES384');
    expect([priv.type, priv.cryptoKey]).toEqual(['private', pair.privateKey]);
    await expect(importKey(pair.publicKey, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    expect((await importKey(ed.publicKey, 'Ed25519')).alg).toBe('Ed25519');
    expect((await importKey(ed.privateKey, 'EdDSA')).type).toBe('private');
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
    await expect(importKey(aes, 'HS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const pss = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' }, true, ['sign', 'verify']);
    expect((await importKey(pss.publicKey, 'PS384')).alg).toBe('PS384');
    await expect(importKey(pss.publicKey, 'RS384')).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(importKey(pss.publicKey, 'PS256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses a CryptoKey that may neither sign nor verify', async () => {
    const derive = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const exported = await crypto.subtle.exportKey('jwk', derive.privateKey);
    const noUse = await crypto.subtle.importKey('jwk', { ...exported, key_ops: [] }, { name: 'ECDSA', namedCurve: 'P-256' }, false, []).catch(() => undefined);
    // Web Crypto refuses to make a private key without usages in some runtimes; test where it can.
    if (noUse !== undefined) await expect(importKey(noUse, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
    const hmac = await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, []).catch(() => undefined);
    if (hmac !== undefined) await expect(importKey(hmac, 'HS256')).rejects.toThrow(/neither sign nor verify/);
  });

  it('verify and sign take a CryptoKey directly; a key with no JWS use is refused', async () => {
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
    await expect(verify('a.b.c', aes)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(sign({}, aes)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('generated keys import again from their CryptoKeys', async () => {
    const { privateKey, publicKey } = await generateKeyPair('PS256');
    const priv = await importKey(privateKey.cryptoKey, 'PS256');
    const pub = await importKey(publicKey.cryptoKey, 'PS256');
    expect((await verifyCompact(await signCompact('x', priv), pub)).key).toBe(pub);
  });
});

describe('importKey: Node key objects stay out', () => {
  it('refuses a node:crypto KeyObject (not a CryptoKey, not a plain JWK)', async () => {
    const keyObject = createPublicKey(createPrivateKey(fixture('ec-cert.key.pem')));
    await expect(importKey(keyObject as never, 'ES256')).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
