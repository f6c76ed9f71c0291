import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, importKey, MemoryRevocationStore, sign, verify } from '../../src/index.js';
import { MAX_NUMERIC_DATE, numericDateProblem } from '../../src/lib/numeric-date.js';

const SECRET = 'a-secret-of-at-least-thirty-two-bytes!!';
const NOW = 1_764_460_800; // 2025-11-30T00:00:00Z
const clock = () => NOW * 1000;
const MILLIS = 'looks like milliseconds (use Math.floor(Date.now() / 1000))';

/** A token over exactly this claims text, MAC'd independently of the library. */
function tokenOver(claimsJson: string): string {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(claimsJson).toString('base64url')}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

describe('NumericDate when signing', () => {
  it('refuses exp, nbf and iat in milliseconds, and says so with the value', async () => {
    const key = await importKey(SECRET, 'HS256');
    for (const claim of ['exp', 'nbf', 'iat']) {
      const value = NOW * 1000 + 900_000;
      await expect(sign({ [claim]: value }, key, { iat: false })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
        claim,
        message: `The "${claim}" claim must be a NumericDate in seconds; ${value} ${MILLIS}`,
      });
    }
  });

  it('refuses fractions, negatives and years after 9999, accepts the edges', async () => {
    const key = await importKey(SECRET, 'HS256');
    for (const exp of [NOW + 0.5, -1, MAX_NUMERIC_DATE + 1, 1e300, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(sign({ exp }, key, { iat: false }), String(exp)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', claim: 'exp' });
    }
    await expect(sign({ exp: NOW + 0.5 }, key)).rejects.toThrow('must be a whole number of seconds; 1764460800.5 is not (use Math.floor)');
    for (const exp of [0, NOW, MAX_NUMERIC_DATE]) await expect(sign({ exp }, key, { iat: false })).resolves.toBeTypeOf('string');
  });

  it('refuses the same in a payload that overrides signer options (the object path)', async () => {
    const key = await importKey(SECRET, 'HS256');
    await expect(sign({ exp: Date.now() + 900_000 }, key, { expiresIn: '15m', issuer: 'x' })).resolves.toBeTypeOf('string');
    await expect(sign({ nbf: Date.now() }, key, { expiresIn: '15m' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', claim: 'nbf' });
  });

  it('refuses expiresIn and notBefore that end after year 9999', async () => {
    const key = await importKey(SECRET, 'HS256');
    expect(() => createSigner(key, { expiresIn: Date.now() })).toThrow('expiresIn is');
    expect(() => createSigner(key, { notBefore: '100000y' })).toThrow('notBefore is');
    const nearTheEnd = createSigner(key, { expiresIn: MAX_NUMERIC_DATE - NOW + 1, clock });
    await expect(nearTheEnd({})).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    const atTheEnd = createSigner(key, { expiresIn: MAX_NUMERIC_DATE - NOW, clock });
    await expect(atTheEnd({})).resolves.toBeTypeOf('string');
  });

  it('refuses a clock that gives no time (NaN would make invalid JSON)', async () => {
    const key = await importKey(SECRET, 'HS256');
    await expect(sign({}, key, { clock: () => Number.NaN })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(sign({}, key, { clock: () => -5000 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});

describe('NumericDate when verifying', () => {
  it('a token whose exp is in milliseconds is invalid, not valid for millennia', async () => {
    const token = tokenOver(`{"sub":"a","exp":${NOW * 1000 + 900_000}}`);
    const error = await verify(token, SECRET, { algorithms: ['HS256'], clock }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM_INVALID', claim: 'exp' });
    // The message explains, and never quotes the token's contents.
    expect((error as Error).message).toBe('The "exp" claim must be a NumericDate in seconds; the value looks like milliseconds (use Math.floor(Date.now() / 1000))');
  });

  it('refuses nbf and iat in milliseconds, negative times and years after 9999', async () => {
    for (const [claim, value] of [
      ['nbf', NOW * 1000],
      ['iat', NOW * 1000],
      ['exp', -1],
      ['iat', -0.5],
      ['exp', MAX_NUMERIC_DATE + 1],
      ['exp', '1e300'],
    ] as const) {
      const token = tokenOver(`{"${claim}":${value}}`);
      await expect(verify(token, SECRET, { algorithms: ['HS256'], clock }), `${claim} ${value}`).rejects.toMatchObject({
        code: 'ERR_JWT_CLAIM_INVALID',
        claim,
      });
    }
  });

  it('accepts fractions, as RFC 7519 allows, and compares them exactly', async () => {
    const ok = await verify(tokenOver(`{"iat":${NOW - 0.25},"exp":${NOW + 0.5}}`), SECRET, { algorithms: ['HS256'], clock });
    expect(ok.payload.exp).toBe(NOW + 0.5);
    await expect(verify(tokenOver(`{"exp":${NOW - 0.5}}`), SECRET, { algorithms: ['HS256'], clock })).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it('accepts the last second of year 9999', async () => {
    await expect(verify(tokenOver(`{"exp":${MAX_NUMERIC_DATE}}`), SECRET, { algorithms: ['HS256'], clock })).resolves.toBeDefined();
  });
});

describe('NumericDate in the memory revocation store', () => {
  it('refuses an expiry in milliseconds, which would be kept for millennia', () => {
    const store = new MemoryRevocationStore({ clock });
    expect(() => store.revoke('jti-1', NOW * 1000 + 900_000)).toThrow(`expiresAt must be a NumericDate in seconds; ${NOW * 1000 + 900_000} ${MILLIS}`);
    expect(() => store.revokeSubject('sub', NOW * 1000, NOW + 60)).toThrow('issuedBefore must be a NumericDate in seconds');
    store.revoke('jti-1', NOW + 60);
    expect(store.isRevoked({ jti: 'jti-1' })).toBe(true);
  });
});

describe('numericDateProblem', () => {
  it('tells milliseconds from other out-of-range values', () => {
    expect(numericDateProblem(NOW, true, true)).toBeUndefined();
    expect(numericDateProblem(NOW * 1000, false, false)).toContain('the value looks like milliseconds');
    expect(numericDateProblem(MAX_NUMERIC_DATE * 1000, false, true)).toContain('looks like milliseconds');
    expect(numericDateProblem(MAX_NUMERIC_DATE * 1001, false, true)).toContain('within years 1970 to 9999');
    expect(numericDateProblem(-1, false, true)).toContain('within years 1970 to 9999');
    expect(numericDateProblem('1', false, true)).toBe('must be a NumericDate: a number of seconds since 1970');
  });
});
