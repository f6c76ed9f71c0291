import { describe, expect, it } from 'vitest';
import { CLAIM_CHECK_OPTIONS, checkClaims, prepareClaimChecks, type ClaimCheckOptions } from '../../src/jwt/claims.js';
import { checkOptions, optionsSchema } from '../../src/lib/options.js';
import type { JwsHeader } from '../../src/jws/header.js';
import type { JwtClaims } from '../../src/jwt/types.js';

const NOW = 1_700_000_000;
const header: JwsHeader = { alg: 'HS256', typ: 'JWT' };

function check(claims: JwtClaims, options: ClaimCheckOptions = {}, h: JwsHeader = header) {
  return () => checkClaims(claims, h, prepareClaimChecks({ clock: () => NOW * 1000, ...options }));
}
const fails = (code: string, claim?: string) =>
  expect.objectContaining({ name: 'JwtError', code, ...(claim ? { claim } : {}) });

describe('claim checks', () => {
  it('accepts a token without claims when nothing is required', () => {
    expect(check({})).not.toThrow();
  });

  describe('exp', () => {
    it('exp equal to now is expired', () => expect(check({ exp: NOW })).toThrow(fails('ERR_JWT_EXPIRED', 'exp')));
    it('exp one second ahead is valid', () => expect(check({ exp: NOW + 1 })).not.toThrow());
    it('exp: 0 is long expired, not "no expiry"', () => expect(check({ exp: 0 })).toThrow(fails('ERR_JWT_EXPIRED')));
    it('tolerance extends exp up to, not including, the boundary', () => {
      expect(check({ exp: NOW - 29 }, { clockTolerance: 30 })).not.toThrow();
      expect(check({ exp: NOW - 30 }, { clockTolerance: '30s' })).toThrow(fails('ERR_JWT_EXPIRED'));
    });
  });

  describe('nbf', () => {
    it('nbf equal to now is valid', () => expect(check({ nbf: NOW })).not.toThrow());
    it('nbf in the future is not yet valid', () => expect(check({ nbf: NOW + 1 })).toThrow(fails('ERR_JWT_NOT_YET_VALID', 'nbf')));
    it('tolerance boundary', () => {
      expect(check({ nbf: NOW + 30 }, { clockTolerance: 30 })).not.toThrow();
      expect(check({ nbf: NOW + 31 }, { clockTolerance: 30 })).toThrow(fails('ERR_JWT_NOT_YET_VALID'));
    });
  });

  describe.each(['exp', 'nbf', 'iat'])('%s of the wrong type', (claim) => {
    it.each([['a string', '1700000000'], ['null', null], ['an object', {}], ['an array', [1]], ['Infinity (1e400)', Infinity], ['NaN', Number.NaN], ['a boolean', true]])(
      'refuses %s',
      (_name, value) => expect(check({ [claim]: value })).toThrow(fails('ERR_JWT_CLAIM_INVALID', claim)),
    );
  });

  it.each([['iss', 1], ['sub', null], ['jti', {}], ['aud', 5], ['aud', ['a', 1]], ['aud', null]])('refuses %s = %j', (claim, value) => {
    expect(check({ [claim]: value })).toThrow(fails('ERR_JWT_CLAIM_INVALID', claim));
  });

  describe('maxAge', () => {
    it('needs iat', () => expect(check({}, { maxAge: 60 })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'iat')));
    it('accepts an age equal to maxAge', () => expect(check({ iat: NOW - 60 }, { maxAge: '1m' })).not.toThrow());
    it('refuses an older token', () => expect(check({ iat: NOW - 61 }, { maxAge: 60 })).toThrow(fails('ERR_JWT_EXPIRED', 'iat')));
    it('refuses iat in the future', () => expect(check({ iat: NOW + 5 }, { maxAge: 60 })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'iat')));
    it('tolerance applies', () => expect(check({ iat: NOW - 70 }, { maxAge: 60, clockTolerance: 10 })).not.toThrow());
  });

  describe('iss', () => {
    it('matches one of a list', () => expect(check({ iss: 'b' }, { issuer: ['a', 'b'] })).not.toThrow());
    it('refuses another issuer', () => expect(check({ iss: 'c' }, { issuer: 'a' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'iss')));
    it('is required when asked for', () => expect(check({}, { issuer: 'a' })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'iss')));
  });

  describe('aud', () => {
    it('string matches', () => expect(check({ aud: 'api' }, { audience: 'api' })).not.toThrow());
    it('array containing the audience matches', () => expect(check({ aud: ['web', 'api'] }, { audience: 'api' })).not.toThrow());
    it('list against array', () => expect(check({ aud: ['x', 'y'] }, { audience: ['y', 'z'] })).not.toThrow());
    it('mismatch', () => expect(check({ aud: ['web'] }, { audience: 'api' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'aud')));
    it('empty array never matches', () => expect(check({ aud: [] }, { audience: 'api' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'aud')));
    it('missing', () => expect(check({}, { audience: 'api' })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'aud')));
  });

  describe('sub', () => {
    it('matches', () => expect(check({ sub: 'u1' }, { subject: 'u1' })).not.toThrow());
    it('mismatch', () => expect(check({ sub: 'u2' }, { subject: 'u1' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'sub')));
    it('missing', () => expect(check({}, { subject: 'u1' })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'sub')));
  });

  describe('typ', () => {
    it('compares case-insensitively with application/ optional', () => {
      expect(check({}, { typ: 'at+jwt' }, { alg: 'HS256', typ: 'application/AT+JWT' })).not.toThrow();
      expect(check({}, { typ: 'application/jwt' }, { alg: 'HS256', typ: 'JWT' })).not.toThrow();
    });
    it('refuses another type', () => expect(check({}, { typ: 'at+jwt' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'typ')));
    it('refuses a missing typ', () => expect(check({}, { typ: 'JWT' }, { alg: 'HS256' })).toThrow(fails('ERR_JWT_CLAIM_INVALID', 'typ')));
  });

  it('requiredClaims', () => {
    expect(check({ jti: 'x', role: 'a' }, { requiredClaims: ['jti', 'role'] })).not.toThrow();
    expect(check({ jti: 'x' }, { requiredClaims: ['jti', 'role'] })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'role'));
    // Inherited properties do not count as present.
    expect(check({}, { requiredClaims: ['toString'] })).toThrow(fails('ERR_JWT_CLAIM_MISSING', 'toString'));
  });

  it.each<[ClaimCheckOptions]>([
    [{ issuer: '' }], [{ issuer: [] }], [{ audience: [1 as never] }], [{ subject: 5 as never }], [{ typ: '' }],
    [{ requiredClaims: 'exp' as never }], [{ clock: 5 as never }], [{ maxAge: -1 }], [{ clockTolerance: 'soon' }],
  ])('refuses bad options %j', (options) => {
    // As verify prepares them: kinds checked against the table first, then the values.
    const schema = optionsSchema('verify', CLAIM_CHECK_OPTIONS);
    expect(() => {
      checkOptions(options, schema);
      prepareClaimChecks(options);
    }).toThrow(fails('ERR_INVALID_ARGUMENT'));
  });
});
