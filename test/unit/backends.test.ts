import { afterEach, describe, expect, it } from 'vitest';
import {
  activeCryptoBackend, generateKeyPair, generateSecret, setCryptoBackend, signCompact, verifyCompact, ALGORITHMS,
  type Algorithm, type JwtKey,
} from '../../src/index.js';

async function keysFor(alg: Algorithm): Promise<{ signer: JwtKey; verifier: JwtKey }> {
  if (alg.startsWith('HS')) {
    const secret = await generateSecret(alg as 'HS256');
    return { signer: secret, verifier: secret };
  }
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { signer: privateKey, verifier: publicKey };
}

afterEach(() => setCryptoBackend('auto'));

describe('crypto backends', () => {
  it('uses node:crypto natively on Node by default, and Web Crypto when forced', () => {
    expect(activeCryptoBackend()).toBe('native');
    setCryptoBackend('webcrypto');
    expect(activeCryptoBackend()).toBe('webcrypto');
    setCryptoBackend('bogus' as never);
    expect(activeCryptoBackend()).toBe('webcrypto');
  });

  it.each(ALGORITHMS)('%s: what one backend signs the other verifies, and both refuse a forgery', async (alg) => {
    const { signer, verifier } = await keysFor(alg);
    const payload = new TextEncoder().encode(`payload for ${alg}`);
    for (const [signWith, verifyWith] of [['auto', 'webcrypto'], ['webcrypto', 'auto']] as const) {
      setCryptoBackend(signWith);
      const jws = await signCompact(payload, signer);
      setCryptoBackend(verifyWith);
      expect((await verifyCompact(jws, verifier)).payload).toEqual(payload);
      const [h, p, s] = jws.split('.');
      const forged = `${h}.${p}x.${s}`;
      await expect(verifyCompact(forged, verifier)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
    }
  });

  it('HMAC signatures are deterministic and identical across backends', async () => {
    const key = await generateSecret('HS512');
    setCryptoBackend('webcrypto');
    const web = await signCompact('x', key);
    setCryptoBackend('auto');
    expect(await signCompact('x', key)).toBe(web);
  });
});

describe('native key twins', () => {
  it('are made from the imported material, so non-extractable keys stay native', async () => {
    const { nativeKeyObject, nodeCrypto } = await import('../../src/lib/native-crypto.js');
    const { importKey } = await import('../../src/index.js');
    const secret = await importKey('s'.repeat(32), 'HS256');
    expect(secret.cryptoKey.extractable).toBe(false);
    expect(nativeKeyObject(nodeCrypto!, secret.cryptoKey)).toBeDefined();
    const { privateKey } = await generateKeyPair('ES256', { extractable: false });
    // A non-extractable key we never saw the material of has no twin: Web Crypto serves it.
    expect(nativeKeyObject(nodeCrypto!, privateKey.cryptoKey)).toBeUndefined();
  });

  it('a non-extractable key without a twin still signs and verifies through Web Crypto', async () => {
    const pair = await generateKeyPair('ES256', { extractable: false });
    const jws = await signCompact('x', pair.privateKey);
    expect(new TextDecoder().decode((await verifyCompact(jws, pair.publicKey)).payload)).toBe('x');
  });
});

describe('adaptive native scheduling', () => {
  it('concurrent asymmetric operations (thread pool) give the same results as one at a time', async () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const messages = Array.from({ length: 8 }, (_, i) => `message ${i}`);
      const tokens = await Promise.all(messages.map((m) => signCompact(m, privateKey)));
      const results = await Promise.all(tokens.map((t) => verifyCompact(t, publicKey)));
      expect(results.map((r) => new TextDecoder().decode(r.payload))).toEqual(messages);
      const forged = tokens.map((t) => `${t.slice(0, t.lastIndexOf('.'))}.${t.slice(t.lastIndexOf('.') + 1).split('').reverse().join('')}`);
      const outcomes = await Promise.allSettled(forged.map((t) => verifyCompact(t, publicKey)));
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    }
  });

  it('runs a lone operation at once, sends a batch to the pool, and leaves the pool empty afterwards', async () => {
    const { pooledOperations } = await import('../../src/lib/crypto.js');
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const token = await signCompact('x', privateKey);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`;
    // A lone verification settles without ever entering the pool.
    const lone = verifyCompact(token, publicKey);
    expect(pooledOperations()).toBe(0);
    await lone;
    // Started together, all but the first go to the pool; failures leave it too.
    const batch = Promise.allSettled([token, forged, token, forged].map((t) => verifyCompact(t, publicKey)));
    const signing = Promise.all([signCompact('a', privateKey), signCompact('b', privateKey)]);
    await Promise.resolve();
    expect(pooledOperations()).toBeGreaterThan(0);
    const outcomes = await batch;
    await signing;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(pooledOperations()).toBe(0);
  });
});


describe('the thread-pool hand-off', () => {
  it('caches node:crypto key options per key and algorithm, never across them', async () => {
    const { keyParams, nodeCrypto, nativeKeyObject } = await import('../../src/lib/native-crypto.js');
    const { algorithmSpec } = await import('../../src/lib/algorithms.js');
    const native = nodeCrypto!;
    const rsa = nativeKeyObject(native, (await generateKeyPair('PS256')).publicKey.cryptoKey)!;
    const otherRsa = nativeKeyObject(native, (await generateKeyPair('PS256')).publicKey.cryptoKey)!;
    const ec = nativeKeyObject(native, (await generateKeyPair('ES256')).publicKey.cryptoKey)!;
    const ps256 = algorithmSpec('PS256')!;
    const ps512 = algorithmSpec('PS512')!;
    const first = keyParams(native, ps256, rsa) as { key: unknown; saltLength: number; padding: number };
    expect(first).toMatchObject({ key: rsa, saltLength: 32, padding: native.constants.RSA_PKCS1_PSS_PADDING });
    // The same key and algorithm: the same options, made once (and frozen, as node:crypto only reads them).
    expect(keyParams(native, ps256, rsa)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // The same key under another algorithm gets that algorithm's salt length, not the cached one...
    expect(keyParams(native, ps512, rsa)).toMatchObject({ key: rsa, saltLength: 64 });
    // ...and back again, the first algorithm's.
    expect(keyParams(native, ps256, rsa)).toMatchObject({ key: rsa, saltLength: 32 });
    // Another key never gets this key's options.
    expect((keyParams(native, ps256, otherRsa) as { key: unknown }).key).toBe(otherRsa);
    // PKCS#1 v1.5 takes the key as it is; ECDSA asks for raw r||s.
    expect(keyParams(native, algorithmSpec('RS256')!, rsa)).toBe(rsa);
    expect(keyParams(native, algorithmSpec('ES256')!, ec)).toEqual({ key: ec, dsaEncoding: 'ieee-p1363' });
  });

  it('a PS256 signature does not verify as PS512 after the PS256 options were cached for the same key', async () => {
    const { keyParams, nodeCrypto, nativeKeyObject } = await import('../../src/lib/native-crypto.js');
    const { algorithmSpec } = await import('../../src/lib/algorithms.js');
    const native = nodeCrypto!;
    const pair = await generateKeyPair('PS256');
    const priv = nativeKeyObject(native, pair.privateKey.cryptoKey)!;
    const pub = nativeKeyObject(native, pair.publicKey.cryptoKey)!;
    const data = new TextEncoder().encode('header.payload');
    const ps256 = algorithmSpec('PS256')!;
    const signature = native.sign('sha256', data, keyParams(native, ps256, priv));
    expect(native.verify('sha256', data, keyParams(native, ps256, pub), signature)).toBe(true);
    // Salt length 64 (PS512's) against a 32-byte salt: refused.
    expect(native.verify('sha256', data, keyParams(native, algorithmSpec('PS512')!, pub), signature)).toBe(false);
  });

  it('createVerifier under load: results, every claim and signature failure, and an empty pool afterwards', async () => {
    const { pooledOperations } = await import('../../src/lib/crypto.js');
    const { createVerifier, sign, MemoryRevocationStore } = await import('../../src/index.js');
    for (const alg of ['RS256', 'PS256', 'ES256'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const good = await sign({ sub: 'a' }, privateKey, { issuer: 'iss', audience: 'aud', expiresIn: '5m', jwtId: 'j1' });
      const revoked = await sign({ sub: 'r' }, privateKey, { issuer: 'iss', audience: 'aud', expiresIn: '5m', jwtId: 'j2' });
      const expired = await sign({ sub: 'e', exp: Math.floor(Date.now() / 1000) - 600 }, privateKey, { issuer: 'iss', audience: 'aud' });
      const otherIssuer = await sign({ sub: 'o' }, privateKey, { issuer: 'other', audience: 'aud', expiresIn: '5m' });
      // One signature character changed in the middle: still canonical base64url, no longer valid.
      const at = good.lastIndexOf('.') + 10;
      const forged = `${good.slice(0, at)}${good[at] === 'A' ? 'B' : 'A'}${good.slice(at + 1)}`;
      const store = new MemoryRevocationStore();
      await store.revoke('j2', Math.floor(Date.now() / 1000) + 600);
      for (const options of [{}, { cache: true }]) {
        const verifyToken = createVerifier(publicKey, { issuer: 'iss', audience: 'aud', requireJti: false, revocation: store, ...options });
        const tokens = [good, forged, expired, otherIssuer, revoked, good, good, forged];
        const pending = Promise.allSettled(tokens.map((t) => verifyToken(t)));
        await Promise.resolve();
        expect(pooledOperations()).toBeGreaterThan(0);
        const outcomes = await pending;
        const codes = outcomes.map((o) => (o.status === 'fulfilled' ? (o.value.payload.sub as string) : (o.reason as { code: string }).code));
        expect(codes).toEqual([
          'a', 'ERR_JWS_SIGNATURE_INVALID', 'ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_INVALID', 'ERR_JWT_REVOKED', 'a', 'a', 'ERR_JWS_SIGNATURE_INVALID',
        ]);
        expect(pooledOperations()).toBe(0);
      }
    }
  });
});
