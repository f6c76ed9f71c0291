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
