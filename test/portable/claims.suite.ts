/**
 * Claims checked after the signature: registered claims of the wrong type, prototype pollution
 * through `__proto__`, and the edges of every time and identity check. Bad claim types are signed
 * as raw JSON with `signCompact`, since `sign` refuses to produce them.
 *
 * @module
 */
import { b64u, forgeHs256, jsonSegment, utf8 } from './bytes.js';
import { assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import { testKeys } from './test-keys.js';

const NOW = 1_700_000_000;
const clock = () => NOW * 1000;

/** Signs a JSON text as a JWT (typ JWT), whatever it contains. */
async function signRaw(lib: Lib, json: string): Promise<string> {
  const { hs256 } = await testKeys(lib);
  return lib.signCompact(utf8(json), hs256, { header: { typ: 'JWT' } });
}

/** Signs claims as given (no iat added). */
async function signClaims(lib: Lib, claims: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<string> {
  const { hs256 } = await testKeys(lib);
  return lib.sign(claims, hs256, { iat: false, ...options });
}

async function verifyAt(lib: Lib, token: string, options: Record<string, unknown> = {}) {
  const { hs256 } = await testKeys(lib);
  return lib.verify(token, hs256, { clock, ...options });
}

function registerClaimTypes(t: Registrar, lib: Lib): void {
  const badNumbers: [string, string][] = [
    ['a string', '"1700000100"'],
    ['null', 'null'],
    ['an object', '{"n":1700000100}'],
    ['an array', '[1700000100]'],
    ['true', 'true'],
    ['1e400 (Infinity)', '1e400'],
    ['-1e400 (-Infinity)', '-1e400'],
  ];
  for (const claim of ['exp', 'nbf', 'iat']) {
    for (const [label, json] of badNumbers) {
      t.test(`claim types: ${claim} as ${label} is invalid`, async () => {
        const token = await signRaw(lib, `{"sub":"x","${claim}":${json}}`);
        await rejectsWithCode(verifyAt(lib, token), 'ERR_JWT_CLAIM_INVALID', { claim });
      });
    }
  }
  const badOthers: [string, string][] = [
    ['iss', '42'],
    ['sub', '{"id":1}'],
    ['jti', 'null'],
    ['aud', '42'],
    ['aud', '["api",42]'],
    ['aud', '{"0":"api"}'],
  ];
  for (const [claim, json] of badOthers) {
    t.test(`claim types: ${claim} as ${json} is invalid`, async () => {
      const token = await signRaw(lib, `{"${claim}":${json}}`);
      await rejectsWithCode(verifyAt(lib, token), 'ERR_JWT_CLAIM_INVALID', { claim });
    });
  }
  t.test('claim types: exp 0 is long expired, not "no expiry"', async () => {
    const token = await signRaw(lib, '{"exp":0}');
    await rejectsWithCode(verifyAt(lib, token), 'ERR_JWT_EXPIRED', { claim: 'exp' });
  });
  t.test('claim types: sign refuses to produce a string exp', async () => {
    const { hs256 } = await testKeys(lib);
    await rejectsWithCode(lib.sign({ exp: 'never' } as never, hs256), 'ERR_INVALID_ARGUMENT');
  });
}

function registerPrototype(t: Registrar, lib: Lib): void {
  t.test('__proto__ in the payload neither pollutes Object.prototype nor becomes a claim', async () => {
    const token = await signRaw(lib, '{"sub":"x","__proto__":{"polluted":"yes","admin":true,"exp":1}}');
    const { payload } = await verifyAt(lib, token);
    assertEqual(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype.polluted');
    assertEqual((payload as Record<string, unknown>).admin, undefined, 'payload.admin');
    assertEqual(payload.exp, undefined, 'payload.exp');
    assertEqual(Object.getPrototypeOf(payload), Object.prototype, 'payload prototype');
  });
  t.test('__proto__ in the header neither pollutes Object.prototype nor adds crit', async () => {
    const { secret, hs256 } = await testKeys(lib);
    const header = b64u('{"alg":"HS256","__proto__":{"crit":["ext"],"polluted":"yes"}}');
    const token = await forgeHs256(secret, header, jsonSegment({ sub: 'x' }));
    const result = await lib.verify(token, hs256, { clock });
    assertEqual(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype.polluted');
    assertEqual(result.header.crit, undefined, 'header.crit');
  });
  t.test('requiredClaims names inherited from Object.prototype are still missing', async () => {
    const token = await signClaims(lib, { sub: 'x' });
    for (const claim of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await rejectsWithCode(verifyAt(lib, token, { requiredClaims: [claim] }), 'ERR_JWT_CLAIM_MISSING', { claim });
    }
  });
}

function registerTimeEdges(t: Registrar, lib: Lib): void {
  const accept = (label: string, claims: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    t.test(`time: ${label} is accepted`, async () => {
      const token = await signClaims(lib, { sub: 'x', ...claims });
      const { payload } = await verifyAt(lib, token, options);
      assertEqual(payload.sub, 'x');
    });
  const reject = (label: string, claims: Record<string, unknown>, code: string, claim: string, options: Record<string, unknown> = {}) =>
    t.test(`time: ${label} is refused with ${code}`, async () => {
      const token = await signClaims(lib, { sub: 'x', ...claims });
      await rejectsWithCode(verifyAt(lib, token, options), code, { claim });
    });

  reject('exp equal to now', { exp: NOW }, 'ERR_JWT_EXPIRED', 'exp');
  reject('exp one second ago', { exp: NOW - 1 }, 'ERR_JWT_EXPIRED', 'exp');
  accept('exp one second ahead', { exp: NOW + 1 });
  accept('exp 29 s ago with clockTolerance 30', { exp: NOW - 29 }, { clockTolerance: 30 });
  reject('exp 30 s ago with clockTolerance 30', { exp: NOW - 30 }, 'ERR_JWT_EXPIRED', 'exp', { clockTolerance: 30 });
  accept('exp 59 s ago with clockTolerance "1m"', { exp: NOW - 59 }, { clockTolerance: '1m' });
  reject('exp 60 s ago with clockTolerance "1m"', { exp: NOW - 60 }, 'ERR_JWT_EXPIRED', 'exp', { clockTolerance: '1m' });
  accept('nbf equal to now', { nbf: NOW });
  reject('nbf one second ahead', { nbf: NOW + 1 }, 'ERR_JWT_NOT_YET_VALID', 'nbf');
  accept('nbf 30 s ahead with clockTolerance 30', { nbf: NOW + 30 }, { clockTolerance: 30 });
  reject('nbf 31 s ahead with clockTolerance 30', { nbf: NOW + 31 }, 'ERR_JWT_NOT_YET_VALID', 'nbf', { clockTolerance: 30 });
  accept('iat 60 s ago with maxAge 60', { iat: NOW - 60 }, { maxAge: 60 });
  reject('iat 61 s ago with maxAge 60', { iat: NOW - 61 }, 'ERR_JWT_EXPIRED', 'iat', { maxAge: 60 });
  accept('iat 15 min ago with maxAge "15m"', { iat: NOW - 900 }, { maxAge: '15m' });
  reject('iat 15 min 1 s ago with maxAge "15m"', { iat: NOW - 901 }, 'ERR_JWT_EXPIRED', 'iat', { maxAge: '15m' });
  reject('no iat with maxAge', {}, 'ERR_JWT_CLAIM_MISSING', 'iat', { maxAge: 60 });
  reject('iat in the future with maxAge', { iat: NOW + 10 }, 'ERR_JWT_CLAIM_INVALID', 'iat', { maxAge: 60 });
  t.test('time: a token signed with expiresIn expires exactly then', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign({ sub: 'x' }, hs256, { expiresIn: '15m', clock });
    await lib.verify(token, hs256, { clock: () => (NOW + 899) * 1000 });
    await rejectsWithCode(lib.verify(token, hs256, { clock: () => (NOW + 900) * 1000 }), 'ERR_JWT_EXPIRED', { claim: 'exp' });
  });
}

function registerIdentityEdges(t: Registrar, lib: Lib): void {
  const accept = (label: string, claims: Record<string, unknown>, options: Record<string, unknown>, signOptions: Record<string, unknown> = {}) =>
    t.test(`identity: ${label} is accepted`, async () => {
      const token = await signClaims(lib, claims, signOptions);
      await verifyAt(lib, token, options);
    });
  const reject = (label: string, claims: Record<string, unknown>, options: Record<string, unknown>, code: string, claim: string, signOptions: Record<string, unknown> = {}) =>
    t.test(`identity: ${label} is refused with ${code}`, async () => {
      const token = await signClaims(lib, claims, signOptions);
      await rejectsWithCode(verifyAt(lib, token, options), code, { claim });
    });

  accept('aud array containing the audience', { aud: ['web', 'api'] }, { audience: 'api' });
  accept('aud string in an audience list', { aud: 'api' }, { audience: ['other', 'api'] });
  reject('aud array without the audience', { aud: ['web', 'admin'] }, { audience: 'api' }, 'ERR_JWT_CLAIM_INVALID', 'aud');
  reject('aud string mismatch', { aud: 'API' }, { audience: 'api' }, 'ERR_JWT_CLAIM_INVALID', 'aud');
  reject('an empty aud array', { aud: [] }, { audience: 'api' }, 'ERR_JWT_CLAIM_INVALID', 'aud');
  reject('no aud when an audience is required', {}, { audience: 'api' }, 'ERR_JWT_CLAIM_MISSING', 'aud');
  accept('iss in an issuer list', { iss: 'https://b.example' }, { issuer: ['https://a.example', 'https://b.example'] });
  reject('iss not in the issuer list', { iss: 'https://c.example' }, { issuer: ['https://a.example', 'https://b.example'] }, 'ERR_JWT_CLAIM_INVALID', 'iss');
  reject('iss differing only in case', { iss: 'https://A.example' }, { issuer: 'https://a.example' }, 'ERR_JWT_CLAIM_INVALID', 'iss');
  reject('no iss when an issuer is required', {}, { issuer: 'https://a.example' }, 'ERR_JWT_CLAIM_MISSING', 'iss');
  accept('the expected sub', { sub: 'user-1' }, { subject: 'user-1' });
  reject('sub mismatch', { sub: 'user-2' }, { subject: 'user-1' }, 'ERR_JWT_CLAIM_INVALID', 'sub');
  accept('typ "application/at+jwt" for expected "at+jwt"', {}, { typ: 'at+jwt' }, { typ: 'application/at+jwt' });
  reject('typ "JWT" for expected "at+jwt"', {}, { typ: 'at+jwt' }, 'ERR_JWT_CLAIM_INVALID', 'typ');
  reject('no typ for an expected typ', {}, { typ: 'JWT' }, 'ERR_JWT_CLAIM_INVALID', 'typ', { typ: null });
  reject('a missing required claim', { sub: 'x' }, { requiredClaims: ['sub', 'tenant'] }, 'ERR_JWT_CLAIM_MISSING', 'tenant');
  accept('all required claims present', { sub: 'x', tenant: 't1' }, { requiredClaims: ['sub', 'tenant'] });
  t.test('identity: claims are checked only after the signature', async () => {
    const { hs256 } = await testKeys(lib);
    const other = await lib.generateSecret('HS256');
    const token = await lib.sign({ sub: 'x', exp: NOW - 100 }, other, { iat: false });
    await rejectsWithCode(lib.verify(token, hs256, { clock }), 'ERR_JWS_SIGNATURE_INVALID');
  });
}

/** Verify options that cannot be right are refused before any token is trusted. */
function registerCallerErrors(t: Registrar, lib: Lib): void {
  const cases: [string, Record<string, unknown>][] = [
    ['algorithms []', { algorithms: [] }],
    ['algorithms as a string', { algorithms: 'HS256' }],
    ['algorithms ["hs256"]', { algorithms: ['hs256'] }],
    ['audience ""', { audience: '' }],
    ['issuer []', { issuer: [] }],
    ['subject 42', { subject: 42 }],
    ['typ ""', { typ: '' }],
    ['requiredClaims "sub"', { requiredClaims: 'sub' }],
    ['clock 0', { clock: 0 }],
    ['clockTolerance "soon"', { clockTolerance: 'soon' }],
    ['clockTolerance -5', { clockTolerance: -5 }],
    ['maxAge "forever"', { maxAge: 'forever' }],
  ];
  for (const [label, options] of cases) {
    t.test(`options: ${label} is a caller error`, async () => {
      const token = await signClaims(lib, { sub: 'x' });
      await rejectsWithCode(verifyAt(lib, token, options), 'ERR_INVALID_ARGUMENT');
    });
  }
}

/** Claim types, prototype pollution and claim-check edges. */
export const claimsSuite: Suite = {
  name: 'claims',
  register(t, lib) {
    registerClaimTypes(t, lib);
    registerPrototype(t, lib);
    registerTimeEdges(t, lib);
    registerIdentityEdges(t, lib);
    registerCallerErrors(t, lib);
  },
};
