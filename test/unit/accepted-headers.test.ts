import { describe, expect, it } from 'vitest';
import { createVerifier, generateSecret, sign, signCompact } from '../../src/index.js';
import { AcceptedHeaders } from '../../src/jws/accepted-headers.js';

describe('accepted headers of a prepared verifier', () => {
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

  it('are bounded', () => {
    const headers = new AcceptedHeaders();
    for (let i = 0; i < 100; i++) headers.remember(`h${i}`, { alg: 'HS256' });
    expect(headers.get('h99')).toEqual({ alg: 'HS256' });
    expect(headers.get('h0')).toBeUndefined();
  });
});
