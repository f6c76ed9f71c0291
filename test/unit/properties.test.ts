import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeUnverified, generateKeyPair, generateSecret, isJwtError, sign, verify } from '../../src/index.js';

// Registered claim names carry type rules; property payloads use other names.
const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);
const claimsArb = fc
  .dictionary(fc.string({ maxLength: 12 }).filter((k) => !REGISTERED.has(k)), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 })
  // What the payload will be after a JSON round trip (-0 becomes 0, etc.).
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

async function expectJwtErrorOrResult(run: () => Promise<unknown> | unknown) {
  try {
    await run();
  } catch (err) {
    if (!isJwtError(err)) throw err;
  }
}

describe('properties', () => {
  it('sign then verify round-trips any JSON payload', async () => {
    const key = await generateSecret('HS256');
    await fc.assert(
      fc.asyncProperty(claimsArb, async (claims) => {
        const token = await sign(claims, key, { iat: false, typ: null });
        const { payload } = await verify(token, key);
        expect(payload).toEqual(claims);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any single-character change to a signed token', async () => {
    const hs = await generateSecret('HS256');
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const tokens = [
      { token: await sign({ sub: 'user', role: 'admin' }, hs), key: hs },
      { token: await sign({ sub: 'user', role: 'admin' }, privateKey), key: publicKey },
    ];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.boolean(), async (at, pick, which) => {
        const { token, key } = tokens[which ? 1 : 0]!;
        const i = at % token.length;
        const c = alphabet[pick % alphabet.length]!;
        fc.pre(token[i] !== c);
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        const err = await verify(tampered, key).then(() => undefined, (e: unknown) => e);
        expect(isJwtError(err)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any string given to verify or decodeUnverified yields a result or a JwtError', async () => {
    const key = await generateSecret('HS256');
    const segment = fc.oneof(fc.base64String(), fc.string(), fc.constant('eyJhbGciOiJIUzI1NiJ9'), fc.constant('e30'));
    const tokenish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(segment, segment, segment).map((p) => p.join('.')),
      fc.array(segment, { maxLength: 6 }).map((p) => p.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(tokenish, async (input) => {
        await expectJwtErrorOrResult(() => verify(input, key));
        await expectJwtErrorOrResult(() => decodeUnverified(input));
      }),
      { numRuns: 500 },
    );
  });

  it('non-string inputs also yield a JwtError', async () => {
    const key = await generateSecret('HS256');
    for (const input of [undefined, null, 1, {}, [], Symbol('x'), () => 1]) {
      await expect(verify(input as never, key)).rejects.toMatchObject({ name: 'JwtError', code: 'ERR_JWT_MALFORMED' });
      expect(() => decodeUnverified(input as never)).toThrow(expect.objectContaining({ code: 'ERR_JWT_MALFORMED' }));
    }
  });
});
