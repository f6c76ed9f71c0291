import { describe, expect, it } from 'vitest';
import { createVerifier, generateSecret, sign, signCompact, verify, verifyCompact } from '../../src/index.js';
import { encodeBase64urlText } from '../../src/lib/base64url.js';
import { DecodedHeaders, decodedHeaders } from '../../src/jws/decoded-headers.js';

describe('decoded headers, shared by verifiers', () => {
  it('are decoded once, frozen, and never spare a token its signature check', async () => {
    const key = await generateSecret('HS256');
    const verifyToken = createVerifier(key);
    const token = await sign({ n: 1 }, key);
    const first = await verifyToken(token);
    const second = await verifyToken(await sign({ n: 2 }, key));
    expect(second.header).toBe(first.header);
    expect(Object.isFrozen(first.header)).toBe(true);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    await expect(verifyToken(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
  });

  it('remember only headers that passed: a refused header is refused every time', async () => {
    const key = await generateSecret('HS256');
    const verifyToken = createVerifier(key);
    const withCrit = await signCompact(JSON.stringify({}), key, { header: { crit: ['x'], x: 1 } });
    for (let i = 0; i < 2; i++) await expect(verifyToken(withCrit)).rejects.toMatchObject({ code: 'ERR_JWS_CRIT_UNSUPPORTED' });
  });

  it('are shared between verifiers, but each verifier still applies its own algorithms and crit', async () => {
    const key = await generateSecret('HS256');
    const token = await sign({ n: 1 }, key);
    const a = await createVerifier(key)(token);
    const b = await verify(token, key);
    expect(b.header).toBe(a.header);
    // The same header segment, refused by a verifier that does not allow its alg.
    await expect(verify(token, key, { algorithms: ['HS384'] })).rejects.toMatchObject({ code: 'ERR_JWS_ALG_NOT_ALLOWED' });
    const withCrit = await signCompact('{}', key, { header: { crit: ['x'], x: 1 } });
    await expect(createVerifier(key)(withCrit)).rejects.toMatchObject({ code: 'ERR_JWS_CRIT_UNSUPPORTED' });
    expect((await verifyCompact(withCrit, key, { crit: ['x'] })).header).toMatchObject({ crit: ['x'], x: 1 });
  });

  it('never remember a malformed header, and are bounded', () => {
    const headers = new DecodedHeaders();
    expect(() => headers.decode('not base64!')).toThrow(expect.objectContaining({ code: 'ERR_JWT_MALFORMED' }));
    expect(() => headers.decode('')).toThrow(expect.objectContaining({ code: 'ERR_JWT_MALFORMED' }));
    expect(headers.size).toBe(0);
    const segments = Array.from({ length: 100 }, (_, i) => encodeBase64urlText(JSON.stringify({ alg: 'HS256', i })));
    for (const segment of segments) headers.decode(segment);
    expect(headers.size).toBeLessThanOrEqual(64);
    expect(headers.decode(segments[99]!)).toEqual({ alg: 'HS256', i: 99 });
    expect(headers.decode(segments[0]!)).toEqual({ alg: 'HS256', i: 0 });
    expect(decodedHeaders).toBeInstanceOf(DecodedHeaders);
    // A huge header is decoded but not kept.
    const fresh = new DecodedHeaders();
    const huge = encodeBase64urlText(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(2000) }));
    expect(fresh.decode(huge).pad).toHaveLength(2000);
    expect(fresh.size).toBe(0);
  });
});
