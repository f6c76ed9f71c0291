import { describe, expect, it, vi } from 'vitest';
import {
  calculateJwkThumbprint, createLocalJwks, createRemoteJwks, exportJwk, generateKeyPair, generateSecret, sign, verify,
} from '../../src/index.js';

const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });

async function pair(alg: 'RS256' | 'ES256' | 'EdDSA', kid?: string) {
  const keys = await generateKeyPair(alg, { kid });
  return { ...keys, jwk: await exportJwk(keys.publicKey) };
}

describe('calculateJwkThumbprint', () => {
  it('matches RFC 7638 section 3.1', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(await calculateJwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('is the same for a key, its private half and its JWK, and differs per hash', async () => {
    const { publicKey, privateKey, jwk } = await pair('ES256');
    const t = await calculateJwkThumbprint(jwk);
    expect(await calculateJwkThumbprint(publicKey)).toBe(t);
    expect(await calculateJwkThumbprint(privateKey)).toBe(t);
    expect(await calculateJwkThumbprint(jwk, 'SHA-512')).toHaveLength(86);
    expect(await calculateJwkThumbprint(await generateSecret('HS256'))).toHaveLength(43);
  });

  it('refuses JWKs without their required members and unknown hashes', async () => {
    await expect(calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' })).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(calculateJwkThumbprint({ kty: 'constructor' } as never)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(calculateJwkThumbprint('x' as never)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(calculateJwkThumbprint({ kty: 'oct', k: 'AA' }, 'MD5' as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('createLocalJwks', () => {
  it('picks the key by kid, and by kty/crv/alg when there is no kid', async () => {
    const rsa = await pair('RS256', 'r1');
    const ec = await pair('ES256', 'e1');
    const ed = await pair('EdDSA');
    const keys = createLocalJwks({ keys: [rsa.jwk, ec.jwk, ed.jwk] });
    const algorithms = ['RS256', 'ES256', 'EdDSA'] as const;
    expect((await verify(await sign({ n: 1 }, rsa.privateKey), keys, { algorithms: [...algorithms] })).key.kid).toBe('r1');
    expect((await verify(await sign({ n: 2 }, ec.privateKey), keys, { algorithms: [...algorithms] })).payload.n).toBe(2);
    const noKid = await sign({ n: 3 }, ed.privateKey);
    expect((await verify(noKid, keys, { algorithms: [...algorithms] })).payload.n).toBe(3);
  });

  it('imports a JWK without alg for the token algorithm, once per algorithm', async () => {
    const rsa = await pair('RS256', 'r');
    const { alg: _alg, ...withoutAlg } = rsa.jwk;
    const keys = createLocalJwks({ keys: [withoutAlg] });
    const token = await sign({}, rsa.privateKey);
    const a = await verify(token, keys, { algorithms: ['RS256'] });
    const b = await verify(token, keys, { algorithms: ['RS256'] });
    expect(a.key).toBe(b.key);
  });

  it('never guesses between several keys that fit a token without kid', async () => {
    const a = await pair('ES256');
    const b = await pair('ES256');
    const token = await sign({}, a.privateKey);
    await expect(verify(token, createLocalJwks({ keys: [a.jwk, b.jwk] }), { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
  });

  it('skips keys for other uses, algorithms or curves, and fails when none is left', async () => {
    const ec = await pair('ES256', 'k');
    const token = await sign({}, ec.privateKey);
    for (const jwk of [{ ...ec.jwk, use: 'enc' }, { ...ec.jwk, alg: 'ES384' }, { ...ec.jwk, kid: 'other' }, { ...ec.jwk, crv: 'P-384' }, { ...ec.jwk, key_ops: ['sign'] }]) {
      await expect(verify(token, createLocalJwks({ keys: [jwk] }), { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    }
  });

  it('uses only the public members of a private JWK in the set', async () => {
    const { privateKey } = await generateKeyPair('ES256', { kid: 'p' });
    const privateJwk = await exportJwk(privateKey);
    const result = await verify(await sign({}, privateKey), createLocalJwks({ keys: [privateJwk] }), { algorithms: ['ES256'] });
    expect(result.key.type).toBe('public');
  });

  it('ignores entries that are not objects, and refuses documents that are not a JWKS', async () => {
    const ec = await pair('ES256');
    const keys = createLocalJwks({ keys: [null, 'x', ec.jwk] as never });
    await expect(verify(await sign({}, ec.privateKey), keys, { algorithms: ['ES256'] })).resolves.toBeTruthy();
    for (const bad of [null, {}, { keys: {} }, []]) {
      expect(() => createLocalJwks(bad as never)).toThrow(code('ERR_INVALID_ARGUMENT'));
    }
  });

  it('never uses a key embedded in the token header', async () => {
    const real = await pair('ES256', 'real');
    const attacker = await pair('ES256', 'real');
    const token = await sign({ admin: true }, attacker.privateKey, { header: { jwk: attacker.jwk } });
    await expect(verify(token, createLocalJwks({ keys: [real.jwk] }), { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_JWS_SIGNATURE_INVALID'));
  });
});

function jsonResponse(body: unknown, init: ResponseInit = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, ...init });
}

describe('createRemoteJwks', () => {
  async function setup(options: { cooldownMs?: number; cacheMaxAgeMs?: number } = {}) {
    const a = await pair('ES256', 'a');
    const b = await pair('ES256', 'b');
    let served: unknown = { keys: [a.jwk] };
    let now = 0;
    const fetch = vi.fn(async () => jsonResponse(served));
    const keys = createRemoteJwks('https://idp.example/jwks', { fetch, clock: () => now, ...options });
    return {
      a, b, keys, fetch,
      serve: (doc: unknown) => (served = doc),
      advance: (ms: number) => (now += ms),
      run: (token: string) => verify(token, keys, { algorithms: ['ES256'] }),
    };
  }

  it('fetches once, serves from cache, and refetches after the max age', async () => {
    const s = await setup({ cacheMaxAgeMs: 1000 });
    const token = await sign({}, s.a.privateKey);
    await s.run(token);
    await s.run(token);
    expect(s.fetch).toHaveBeenCalledTimes(1);
    s.advance(1000);
    await s.run(token);
    expect(s.fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one request among concurrent callers', async () => {
    const s = await setup();
    const token = await sign({}, s.a.privateKey);
    await Promise.all(Array.from({ length: 10 }, () => s.run(token)));
    expect(s.fetch).toHaveBeenCalledTimes(1);
  });

  it('refetches on an unknown kid at most once per cooldown', async () => {
    const s = await setup({ cooldownMs: 30_000 });
    await s.run(await sign({}, s.a.privateKey));
    const rotated = await sign({}, s.b.privateKey);
    await expect(s.run(rotated)).rejects.toEqual(code('ERR_KEY_NOT_FOUND')); // too soon after the first fetch
    expect(s.fetch).toHaveBeenCalledTimes(1);
    s.advance(30_000);
    s.serve({ keys: [s.a.jwk, s.b.jwk] });
    await expect(s.run(rotated)).resolves.toBeTruthy();
    expect(s.fetch).toHaveBeenCalledTimes(2);
    const unknown = await sign({}, (await pair('ES256', 'c')).privateKey);
    await expect(s.run(unknown)).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    expect(s.fetch).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['an HTTP error', () => new Response('no', { status: 500 })],
    ['a body that is not JSON', () => jsonResponse('<html>')],
    ['JSON that is not a JWKS', () => jsonResponse({ keys: 'no' })],
    ['a declared body that is too large', () => jsonResponse({ keys: [] }, { headers: { 'content-length': String(2 << 20) } })],
    ['a body that is too large', () => jsonResponse({ keys: [], pad: 'x'.repeat(2 << 20) })],
    ['a network error', () => { throw new TypeError('fetch failed'); }],
  ])('fails with ERR_JWKS_FETCH_FAILED on %s', async (_name, respond) => {
    const keys = createRemoteJwks('https://idp.example/jwks', { fetch: vi.fn(async () => respond()) });
    const { privateKey } = await generateKeyPair('ES256');
    await expect(verify(await sign({}, privateKey), keys, { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
  });

  it('times out a hanging server', async () => {
    const hang = vi.fn((_url: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    const keys = createRemoteJwks('https://idp.example/jwks', { fetch: hang as never, timeoutMs: 20 });
    await expect(keys.reload()).rejects.toThrow(/no answer within 20 ms/);
  });

  it('refuses bad URLs and options', () => {
    expect(() => createRemoteJwks('ftp://x/jwks')).toThrow(code('ERR_INVALID_ARGUMENT'));
    expect(() => createRemoteJwks('not a url')).toThrow(code('ERR_INVALID_ARGUMENT'));
    expect(() => createRemoteJwks('https://x/jwks', { timeoutMs: 0 })).toThrow(code('ERR_INVALID_ARGUMENT'));
    expect(() => createRemoteJwks('https://x/jwks', { fetch: 'no' as never })).toThrow(code('ERR_INVALID_ARGUMENT'));
  });
});
