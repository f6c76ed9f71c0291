import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createVerifier, generateKeyPair, generateSecret, importKey, MemoryRevocationStore, sign } from '../../src/index.js';
import { cacheSlot, VerifiedCache } from '../../src/jwt/verified-cache.js';

// Another signature of the same length: the first character (six whole bits) changed. Changing the
// last ones could leave it as it was (a signature ending in "AA") or touch only padding bits.
const otherSignature = (signature: string): string => `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;

describe('verified-token cache', () => {
  it('never lets a forged token share the entry of a genuine one', async () => {
    const key = await generateSecret('HS256');
    const verifyCached = createVerifier(key, { cache: true });
    const token = await sign({ sub: 'alice' }, key);
    await verifyCached(token);
    const [h, p, s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url');
    for (const forged of [`${h}.${forgedPayload}.${s}`, `${h}.${p}.${otherSignature(s!)}`, `${token}x`]) {
      await expect(verifyCached(forged)).rejects.toMatchObject({ name: 'JwtError' });
    }
    expect((await verifyCached(token)).payload.sub).toBe('alice');
  });

  it('refuses a forged token of the same length and signature (the same cache slot), and keeps the genuine entry', async () => {
    const key = await generateSecret('HS256');
    const verifyCached = createVerifier(key, { cache: true });
    const token = await sign({ sub: 'alice', role: 'user' }, key);
    const first = await verifyCached(token);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'root' })).toString('base64url');
    expect(forgedPayload.length).toBe(p!.length); // same length, same last characters: the same slot
    await expect(verifyCached(`${h}.${forgedPayload}.${s}`)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
    expect(await verifyCached(token)).toBe(first);
  });

  it('skips the signature on a hit but still checks expiry with the clock', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    let now = 1_700_000_000_000;
    const token = await sign({}, privateKey, { expiresIn: 60, clock: () => now });
    const verifyCached = createVerifier(publicKey, { cache: { maxEntries: 10 }, clock: () => now });
    const first = await verifyCached(token);
    expect(await verifyCached(token)).toBe(first); // the very result remembered, not a new verification
    now += 60_000;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('asks the key source again on a hit: a withdrawn key stops verifying', async () => {
    const key = await generateSecret('HS256');
    let published = true;
    const resolver = vi.fn(() => {
      if (!published) throw new Error('key withdrawn');
      return key;
    });
    const verifyCached = createVerifier(resolver, { algorithms: ['HS256'], cache: true });
    const token = await sign({}, key);
    await verifyCached(token);
    published = false;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
  });

  it('verifies afresh when the key source now gives another key', async () => {
    const [a, b] = [await generateSecret('HS256'), await generateSecret('HS256')];
    let current = a;
    const verifyCached = createVerifier(() => current, { algorithms: ['HS256'], cache: true });
    const token = await sign({}, a);
    await verifyCached(token);
    current = b;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
  });

  it('verifies afresh, and succeeds, when the key source gives a new key for the same secret', async () => {
    const secret = 'a rotated key object for the same secret!';
    const [first, second] = [await importKey(secret, 'HS256'), await importKey(secret, 'HS256')];
    let current = first;
    const verifyCached = createVerifier(() => current, { algorithms: ['HS256'], cache: true });
    const token = await sign({ n: 1 }, first);
    expect((await verifyCached(token)).key).toBe(first);
    current = second;
    const again = await verifyCached(token);
    expect(again.key).toBe(second);
    expect(again.payload).toMatchObject({ n: 1 });
  });

  it('still consults revocation on every hit', async () => {
    const key = await generateSecret('HS256');
    const revocation = new MemoryRevocationStore();
    const verifyCached = createVerifier(key, { cache: true, revocation });
    const token = await sign({}, key, { jwtId: 'j', expiresIn: 60 });
    await verifyCached(token);
    revocation.revoke('j', Date.now() / 1000 + 60);
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWT_REVOKED' });
  });

  it('re-checks claims a hit no longer satisfies, e.g. maxAge', async () => {
    const key = await generateSecret('HS256');
    let now = 1_700_000_000_000;
    const token = await sign({}, key, { clock: () => now });
    const verifyCached = createVerifier(key, { cache: true, maxAge: 10, clock: () => now });
    await verifyCached(token);
    now += 11_000;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'iat' });
  });

  it('checks nbf on a hit with the clock as it is now (a clock set back refuses)', async () => {
    const key = await generateSecret('HS256');
    let now = 1_700_000_000_000;
    const token = await sign({}, key, { notBefore: 0, expiresIn: 600, clock: () => now });
    const verifyCached = createVerifier(key, { cache: true, clock: () => now });
    await verifyCached(token);
    now -= 5_000;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWT_NOT_YET_VALID', claim: 'nbf' });
    now += 5_000;
    expect((await verifyCached(token)).payload.nbf).toBe(1_700_000_000);
  });

  it('reads the time on a hit after an asynchronous key source answers, not before', async () => {
    const key = await generateSecret('HS256');
    let now = 1_700_000_000_000;
    const token = await sign({}, key, { expiresIn: 60, clock: () => now });
    let slow = false;
    const resolver = async () => {
      if (slow) now += 61_000; // the key source answers after the token expired
      return key;
    };
    const verifyCached = createVerifier(resolver, { algorithms: ['HS256'], cache: true, clock: () => now });
    await verifyCached(token);
    await verifyCached(token); // a hit through the asynchronous source
    slow = true;
    await expect(verifyCached(token)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
  });

  it('is bounded and evicts the least recently used token', async () => {
    const cache = new VerifiedCache({ maxEntries: 2 });
    const result = (n: number) => ({ header: { alg: 'HS256' as const }, payload: { n }, key: {} as never });
    cache.set('a', result(1));
    cache.set('b', result(2));
    expect(cache.get('a', 0)?.payload).toEqual({ n: 1 }); // a is now most recent
    cache.set('c', result(3));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
  });

  it('moves a token on each hit that is not already the most recent one', () => {
    const cache = new VerifiedCache({ maxEntries: 2 });
    const result = (n: number) => ({ header: { alg: 'HS256' as const }, payload: { n }, key: {} as never });
    cache.set('a', result(1));
    cache.set('b', result(2));
    cache.get('a', 0); // a is most recent
    cache.get('b', 0); // now b is
    cache.set('c', result(3)); // evicts a
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
    // A set makes its token the most recent: a hit on the one before must move it again.
    cache.get('c', 0);
    cache.set('b', result(4)); // b again, now most recent
    cache.get('c', 0); // c most recent
    cache.set('d', result(5)); // evicts b
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toBeDefined();
  });

  it('keeps exactly the least-recently-used order of a plain model, for any sequence of gets and sets', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), token: fc.constantFrom('a', 'b', 'c', 'd'), now: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 1 }) }),
      fc.record({ kind: fc.constant('set' as const), token: fc.constantFrom('a', 'b', 'c', 'd'), exp: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 12 }), weight: 1 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(op, { maxLength: 40 }), (maxEntries, ops) => {
        const cache = new VerifiedCache({ maxEntries });
        // The model: tokens from least to most recently used, with their expiry.
        let model: { token: string; exp: number; n: number }[] = [];
        ops.forEach((o, n) => {
          if (o.kind === 'set') {
            model = model.filter((e) => e.token !== o.token);
            if (model.length >= maxEntries) model.shift();
            model.push({ token: o.token, exp: o.exp ?? Infinity, n });
            cache.set(o.token, { header: { alg: 'HS256' }, payload: o.exp === undefined ? { n } : { n, exp: o.exp }, key: {} as never });
            return;
          }
          const entry = model.find((e) => e.token === o.token);
          const got = cache.get(o.token, o.now);
          if (entry === undefined) return expect(got).toBeUndefined();
          model = model.filter((e) => e !== entry);
          if (o.now >= entry.exp) return expect(got).toBeUndefined();
          model.push(entry);
          expect((got!.payload as { n: number }).n).toBe(entry.n);
        });
        expect(cache.size).toBe(model.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('serves an entry only to its own token: another in the same slot misses, and storing it drops the first', () => {
    const cache = new VerifiedCache({ maxEntries: 10 });
    const result = (n: number) => ({ header: { alg: 'HS256' as const }, payload: { n }, key: {} as never });
    const tail = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const [one, two] = [`a.b.${tail}`, `c.d.${tail}`];
    cache.set(one, result(1));
    expect(cache.get(two, 0)).toBeUndefined(); // a miss, not token one's result
    expect(cache.get(one, 0)?.payload).toEqual({ n: 1 }); // and the miss left token one's entry
    cache.set(two, result(2));
    expect(cache.get(one, 0)).toBeUndefined();
    expect(cache.get(two, 0)?.payload).toEqual({ n: 2 });
    expect(cache.size).toBe(1);
  });

  it('finds slots from a per-cache random seed, the length and the last 16 characters', () => {
    const token = `${'x'.repeat(200)}.${'y'.repeat(43)}`;
    for (const seed of [0, 1, 0x7fffffff, 0xffffffff]) {
      const slot = cacheSlot(token, seed);
      expect(Number.isInteger(slot) && slot >= 0 && slot <= 0x3fffffff).toBe(true);
      expect(cacheSlot(`z${token.slice(1)}`, seed)).toBe(slot); // the head is not read: the whole token is compared on a hit
      expect(cacheSlot(`${token.slice(0, -1)}z`, seed)).not.toBe(slot);
      expect(cacheSlot(`${token}y`, seed)).not.toBe(slot);
    }
    expect(new Set([1, 2, 3, 4].map((seed) => cacheSlot(token, seed))).size).toBe(4);
    expect(cacheSlot('', 5)).toBe(5);
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    try {
      new VerifiedCache(true);
      expect(random).toHaveBeenCalledTimes(1); // each cache draws its own seed
    } finally {
      random.mockRestore();
    }
  });

  it('drops expired entries and freezes shared results', () => {
    const cache = new VerifiedCache(true);
    cache.set('t', { header: { alg: 'HS256' }, payload: { exp: 100, nested: { a: 1 } }, key: {} as never });
    const hit = cache.get('t', 99)!;
    expect(Object.isFrozen(hit.payload)).toBe(true);
    expect(Object.isFrozen((hit.payload as { nested: object }).nested)).toBe(true);
    expect(cache.get('t', 100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses a bad size', () => {
    expect(() => new VerifiedCache({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('plain verify never caches, and refuses a cache option rather than ignoring it', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({}, key);
    const { verify } = await import('../../src/index.js');
    const result = await verify(token, key);
    expect(Object.isFrozen(result.payload)).toBe(false);
    await expect(verify(token, key, { cache: true } as never)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringContaining('unknown option "cache"'),
    });
  });
});
