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

