import { describe, expect, it, vi } from 'vitest';
import {
  createSigner, createVerifier, decodeUnverified, generateKeyPair, generateSecret, importKey, isJwtError,
  JwtError, MemoryRevocationStore, sign, signCompact, verify, verifyCompact, type RevocationStore,
} from '../../src/index.js';

const NOW = 1_700_000_000;
const clock = () => NOW * 1000;
const code = (c: string, claim?: string) => expect.objectContaining({ name: 'JwtError', code: c, ...(claim ? { claim } : {}) });
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';

describe('sign', () => {
  it('signs a JWT with typ JWT, iat and the requested registered claims', async () => {
    const key = await importKey(SECRET, 'HS256', { kid: 'k1' });
    const token = await sign({ role: 'admin' }, key, {
      clock, expiresIn: '15m', notBefore: 10, issuer: 'iss', subject: 'u1', audience: ['a', 'b'], jwtId: 'id-1',
    });
    const { header, payload } = decodeUnverified(token);
    expect(header).toEqual({ alg: 'HS256', kid: 'k1', typ: 'JWT' });
    expect(payload).toEqual({ role: 'admin', iss: 'iss', sub: 'u1', aud: ['a', 'b'], iat: NOW, exp: NOW + 900, nbf: NOW + 10, jti: 'id-1' });
  });

  it('generates a random UUID jti with jwtId: true, different for each token', async () => {
    const signer = createSigner(await generateSecret('HS256'), { jwtId: true });
    const a = decodeUnverified(await signer({})).payload.jti;
    const b = decodeUnverified(await signer({})).payload.jti;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it('a prepared signer and verifier never throw: bad input always comes back as a rejection', async () => {
    const key = await generateSecret('HS256');
    const signer = createSigner(key);
    await signer({}); // the key is ready: the next calls run synchronously inside
    let signed: Promise<string> | undefined;
    expect(() => {
      signed = signer([] as never);
    }).not.toThrow();
    await expect(signed).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    const verifier = createVerifier(key);
    let verified: Promise<unknown> | undefined;
    for (const bad of ['not a token', 42 as never, 'a.b.c']) {
      expect(() => {
        verified = verifier(bad);
      }).not.toThrow();
      await expect(verified).rejects.toEqual(code('ERR_JWT_MALFORMED'));
    }
  });

  it('can leave out iat and typ, and takes extra header members', async () => {
    const token = await sign({ a: 1 }, SECRET, { alg: 'HS256', iat: false, typ: null, header: { cty: 'x' }, kid: 'kk' });
    expect(decodeUnverified(token)).toEqual({ header: { alg: 'HS256', cty: 'x', kid: 'kk' }, payload: { a: 1 } });
  });

  it('signs with a raw string secret only given alg, and never as none', async () => {
    await expect(sign({}, SECRET)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(sign({}, SECRET, { alg: 'none' as never })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(sign({}, SECRET, { alg: 'RS256' })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('refuses an alg option that contradicts the key', async () => {
    const key = await generateSecret('HS256');
    await expect(sign({}, key, { alg: 'HS512' })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(sign({}, key, { header: { alg: 'none' } })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('refuses public keys and weak secrets', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    await expect(sign({}, publicKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
    const weak = await importKey('short', 'HS256', { allowShortSecretForVerifyOnly: true });
    await expect(sign({}, weak)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it.each([
    ['an array', []], ['null', null], ['a string', 'x'], ['a class instance', new Date()],
  ])('refuses a payload that is %s', async (_n, payload) => {
    await expect(sign(payload as never, SECRET, { alg: 'HS256' })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it.each([
    ['exp as a string', { exp: 'never' }], ['nbf as null', { nbf: null }], ['exp as Infinity', { exp: Infinity }],
    ['aud as a number', { aud: 1 }], ['iss as an object', { iss: {} }], ['a BigInt', { n: 1n }],
  ])('refuses %s at signing time', async (_n, payload) => {
    await expect(sign(payload as never, SECRET, { alg: 'HS256' })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('refuses a circular payload', async () => {
    const payload: Record<string, unknown> = {};
    payload.self = payload;
    await expect(sign(payload, SECRET, { alg: 'HS256' })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it.each([
    [{ expiresIn: '-1h' }], [{ jwtId: '' }], [{ issuer: 5 }], [{ typ: 5 }], [{ kid: 5 }], [{ header: [] }], [{ clock: 1 }],
  ])('refuses bad options %j', async (options) => {
    await expect(sign({}, SECRET, { alg: 'HS256', ...(options as object) })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('verify', () => {
  it('round-trips for every algorithm', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      const key = await generateSecret(alg);
      const token = await sign({ n: alg }, key, { expiresIn: 60 });
      expect((await verify(token, key)).payload.n).toBe(alg);
    }
    for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const token = await sign({ n: alg }, privateKey);
      const result = await verify(token, publicKey);
      expect(result.payload.n).toBe(alg);
      expect(result.header.alg).toBe(alg);
    }
  });

  it('requires algorithms for a raw secret, and accepts only listed ones', async () => {
    const token = await sign({}, SECRET, { alg: 'HS256' });
    await expect(verify(token, SECRET)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(verify(token, SECRET, { algorithms: ['HS384'] })).rejects.toEqual(code('ERR_JWS_ALG_NOT_ALLOWED'));
    expect((await verify(token, SECRET, { algorithms: ['HS256'] })).header.alg).toBe('HS256');
    expect((await verify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS512', 'HS256'] })).header.alg).toBe('HS256');
  });

  it('refuses none in the algorithms list', async () => {
    await expect(verify('a.b.c', SECRET, { algorithms: ['none' as never] })).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('refuses a key bound to another algorithm than the token', async () => {
    const hs512 = await generateSecret('HS512');
    const token = await sign({}, SECRET, { alg: 'HS256' });
    await expect(verify(token, hs512)).rejects.toEqual(code('ERR_JWS_ALG_NOT_ALLOWED'));
    await expect(verify(token, hs512, { algorithms: ['HS256', 'HS512'] })).rejects.toEqual(code('ERR_JWS_ALG_NOT_ALLOWED'));
  });

  it('refuses a private key for verification', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await sign({}, privateKey);
    await expect(verify(token, privateKey)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('verifies with a CryptoKey bound to its algorithm', async () => {
    const { publicKey, privateKey } = await generateKeyPair('PS384');
    const token = await sign({ a: 1 }, privateKey.cryptoKey);
    expect((await verify(token, publicKey.cryptoKey)).payload.a).toBe(1);
    await expect(verify(token, publicKey.cryptoKey, { algorithms: ['PS256'] })).rejects.toEqual(code('ERR_JWS_ALG_NOT_ALLOWED'));
  });

  it('checks the signature before trusting any claim', async () => {
    const key = await generateSecret('HS256');
    const other = await generateSecret('HS256');
    const expired = await sign({ exp: 1 }, other);
    await expect(verify(expired, key)).rejects.toEqual(code('ERR_JWS_SIGNATURE_INVALID'));
  });

  it('applies claim options with the clock override', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key, { clock, expiresIn: 60, issuer: 'i', audience: 'a', subject: 's' });
    const ok = { clock, issuer: 'i', audience: 'a', subject: 's' };
    await expect(verify(token, key, ok)).resolves.toBeTruthy();
    await expect(verify(token, key, { ...ok, clock: () => (NOW + 60) * 1000 })).rejects.toEqual(code('ERR_JWT_EXPIRED', 'exp'));
    await expect(verify(token, key, { ...ok, audience: 'b' })).rejects.toEqual(code('ERR_JWT_CLAIM_INVALID', 'aud'));
  });

  it('refuses a JWS whose payload is not a JSON object', async () => {
    const key = await generateSecret('HS256');
    for (const payload of ['[1]', '"s"', '1', 'null', 'not json', '']) {
      const token = await signCompact(payload, key);
      await expect(verify(token, key)).rejects.toEqual(code('ERR_JWT_MALFORMED'));
    }
  });

  it('turns a key resolver failure into a JwtError', async () => {
    const token = await sign({}, SECRET, { alg: 'HS256' });
    const resolver = () => { throw new Error('db down'); };
    await expect(verify(token, resolver, { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    await expect(verify(token, (() => '') as never, { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(verify(token, 42 as never, { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('passes the resolver the header, with alg already allowed', async () => {
    const key = await importKey(SECRET, 'HS256', { kid: 'k' });
    const token = await sign({}, key);
    const resolver = vi.fn(async () => key);
    await verify(token, resolver, { algorithms: ['HS256'] });
    expect(resolver).toHaveBeenCalledWith({ alg: 'HS256', kid: 'k', typ: 'JWT' });
  });

  it.each([[{ maxTokenLength: 0 }], [{ algorithms: [] }], [{ algorithms: 'HS256' }], [{ crit: [1] }], [null], [{ revocation: {} }], [{ revocation: { isRevoked() { return false; } }, revocationTimeoutMs: 0 }]])(
    'refuses bad options %j',
    async (options) => {
      await expect(verify('a.b.c', SECRET, options as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    },
  );

  it('createVerifier throws on bad options at once', () => {
    expect(() => createVerifier(SECRET, {})).toThrow(code('ERR_INVALID_ARGUMENT'));
  });

  it('isJwtError narrows by code', async () => {
    const err = await verify('x', SECRET, { algorithms: ['HS256'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JwtError);
    expect(isJwtError(err)).toBe(true);
    expect(isJwtError(err, 'ERR_JWT_MALFORMED')).toBe(true);
    expect(isJwtError(err, 'ERR_JWT_EXPIRED')).toBe(false);
    expect(isJwtError(new Error('x'))).toBe(false);
    expect(isJwtError(null)).toBe(false);
  });
});

describe('crit', () => {
  it('accepts an extension the caller declares it understands', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key, { header: { crit: ['exp-ext'], 'exp-ext': 1 } });
    await expect(verify(token, key)).rejects.toEqual(code('ERR_JWS_CRIT_UNSUPPORTED'));
    expect((await verify(token, key, { crit: ['exp-ext'] })).header['exp-ext']).toBe(1);
  });

  it.each([[[]], [['alg']], [['x', 'x']], [['missing']], ['x'], [[1]]])('refuses crit %j as malformed', async (crit) => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key, { header: { crit, x: 1 } });
    await expect(verify(token, key, { crit: ['x', 'missing', 'alg'] })).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('refuses unencoded payloads (b64: false)', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key, { header: { b64: false, crit: ['b64'] } });
    await expect(verify(token, key, { crit: ['b64'] })).rejects.toEqual(code('ERR_JWS_CRIT_UNSUPPORTED'));
  });
});

describe('revocation', () => {
  async function setup(store: RevocationStore, extra: object = {}) {
    const key = await generateSecret('HS256');
    const token = await sign({ sub: 'u1' }, key, { jwtId: 'j1', expiresIn: 60 });
    return { key, token, run: () => verify(token, key, { revocation: store, ...extra }) };
  }

  it('accepts a token that is not revoked and rejects it once revoked', async () => {
    const store = new MemoryRevocationStore();
    const { run } = await setup(store);
    await expect(run()).resolves.toBeTruthy();
    store.revoke('j1', Date.now() / 1000 + 60);
    await expect(run()).rejects.toEqual(code('ERR_JWT_REVOKED'));
  });

  it('rejects tokens of a subject revoked after they were issued', async () => {
    const store = new MemoryRevocationStore();
    const { run } = await setup(store);
    store.revokeSubject('u1', Math.floor(Date.now() / 1000) + 1, Date.now() / 1000 + 60);
    await expect(run()).rejects.toEqual(code('ERR_JWT_REVOKED'));
  });

  it('requires jti with a store unless told otherwise', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key);
    const store = new MemoryRevocationStore();
    await expect(verify(token, key, { revocation: store })).rejects.toEqual(code('ERR_JWT_CLAIM_MISSING', 'jti'));
    await expect(verify(token, key, { revocation: store, requireJti: false })).resolves.toBeTruthy();
  });

  it('fails closed when the store throws', async () => {
    const { run } = await setup({ isRevoked: async () => { throw new Error('redis down'); }, revoke() {} });
    await expect(run()).rejects.toEqual(code('ERR_REVOCATION_UNAVAILABLE'));
  });

  it('fails closed when the store throws synchronously', async () => {
    const { run } = await setup({ isRevoked: () => { throw new Error('boom'); }, revoke() {} });
    await expect(run()).rejects.toEqual(code('ERR_REVOCATION_UNAVAILABLE'));
  });

  it('fails closed when the store hangs', async () => {
    const { run } = await setup({ isRevoked: () => new Promise<boolean>(() => {}), revoke() {} }, { revocationTimeoutMs: 20 });
    await expect(run()).rejects.toEqual(code('ERR_REVOCATION_UNAVAILABLE'));
  });

  it('fails closed when the store answers something other than a boolean', async () => {
    const { run } = await setup({ isRevoked: async () => 'no' as never, revoke() {} });
    await expect(run()).rejects.toEqual(code('ERR_REVOCATION_UNAVAILABLE'));
  });

  it('passes the store jti, sub, iat and exp', async () => {
    const isRevoked = vi.fn(async () => false);
    const { run } = await setup({ isRevoked, revoke() {} });
    await run();
    expect(isRevoked).toHaveBeenCalledWith(expect.objectContaining({ jti: 'j1', sub: 'u1', iat: expect.any(Number), exp: expect.any(Number) }));
  });
});

describe('verifyCompact and signCompact', () => {
  it('sign and verify any bytes', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { kid: 'e1' });
    const bytes = new Uint8Array([0, 255, 1, 2]);
    const jws = await signCompact(bytes, privateKey, { header: { cty: 'application/octet-stream' } });
    const result = await verifyCompact(jws, publicKey);
    expect(result.payload).toEqual(bytes);
    expect(result.header).toEqual({ alg: 'ES256', kid: 'e1', cty: 'application/octet-stream' });
  });

  it('refuses a non-bytes payload', async () => {
    await expect(signCompact(5 as never, await generateSecret('HS256'))).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
    await expect(signCompact('x', 'secret' as never)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});

describe('decodeUnverified', () => {
  it('decodes header and payload without checking anything', async () => {
    const token = await sign({ exp: 1 }, await generateSecret('HS256'));
    expect(decodeUnverified(token).payload.exp).toBe(1);
  });
  it('throws JwtError for malformed input', () => {
    expect(() => decodeUnverified('a.b')).toThrow(code('ERR_JWT_MALFORMED'));
    expect(() => decodeUnverified('x'.repeat(9000))).toThrow(code('ERR_JWT_TOO_LARGE'));
    expect(() => decodeUnverified('eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln')).toThrow(code('ERR_JWT_MALFORMED'));
  });
});

describe('provider failures', () => {
  it('a CryptoKey that may not sign fails with ERR_KEY_INVALID, not a provider error', async () => {
    const { setCryptoBackend } = await import('../../src/index.js');
    const verifyOnly = await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    setCryptoBackend('webcrypto');
    try {
      await expect(sign({}, verifyOnly)).rejects.toEqual(code('ERR_KEY_INVALID'));
    } finally {
      setCryptoBackend('auto');
    }
  });
});

describe('review findings', () => {
  it('an explicit typ header member is kept (RFC 9068 at+jwt)', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key, { header: { typ: 'at+jwt' } });
    expect(decodeUnverified(token).header.typ).toBe('at+jwt');
    await expect(verify(token, key, { typ: 'at+jwt' })).resolves.toBeTruthy();
    expect(decodeUnverified(await sign({}, key, { header: { typ: 'at+jwt' }, typ: 'JWT' })).header.typ).toBe('JWT');
  });

  it('a deeply nested header or payload is a JwtError, never a stack overflow', async () => {
    const key = await generateSecret('HS256');
    const deep = '['.repeat(6000) + ']'.repeat(6000);
    const header = Buffer.from(`{"alg":"HS256","x":${deep}}`).toString('base64url');
    const err = await createVerifier(key, { maxTokenLength: 1e6 })(`${header}.e30.${'A'.repeat(43)}`).catch((e: unknown) => e);
    expect(isJwtError(err)).toBe(true);
    const token = await signCompact(`{"x":${deep}}`, key);
    const result = await createVerifier(key, { maxTokenLength: 1e6, cache: true })(token);
    expect(Object.isFrozen(result.payload)).toBe(true);
  });

  it('decodeUnverified refuses non-object options with a JwtError', () => {
    expect(() => decodeUnverified('a.b.c', null as never)).toThrow(code('ERR_INVALID_ARGUMENT'));
  });
});
