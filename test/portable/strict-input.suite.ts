/**
 * Input that reads two ways, refused everywhere: JSON objects that repeat a member name (a gateway
 * that keeps the first and a service that keeps the last would disagree), times in milliseconds
 * that would make a token valid for millennia, and misspelled options that would silently skip a
 * check. Tokens are MAC'd over the exact bytes, so the refusal cannot come from the signature check.
 *
 * @module
 */
import { b64u, forgeHs256 } from './bytes.js';
import { assert, assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import { testKeys } from './test-keys.js';

const NOW = 1_764_460_800;
const clock = () => NOW * 1000;
const GOOD_HEADER = '{"alg":"HS256","typ":"JWT"}';

async function tokenOver(lib: Lib, headerJson: string, claimsJson: string): Promise<string> {
  const { secret } = await testKeys(lib);
  return forgeHs256(secret, b64u(headerJson), b64u(claimsJson));
}

function registerDuplicates(t: Registrar, lib: Lib): void {
  const headers: [string, string][] = [
    ['alg twice (HS256 then none)', '{"alg":"HS256","alg":"none"}'],
    ['alg twice (the same value)', '{"alg":"HS256","alg":"HS256"}'],
    ['kid twice', '{"alg":"HS256","kid":"a","kid":"b"}'],
    ['alg escaped the second time', '{"alg":"HS256","\\u0061lg":"HS256"}'],
    ['a repeated name inside a nested member', '{"alg":"HS256","jwk":{"kty":"oct","kty":"RSA"}}'],
    ['a repeated name with whitespace around', '{ "alg" : "HS256" , "typ" : "JWT" , "typ" : "at+jwt" }'],
  ];
  for (const [label, header] of headers) {
    t.test(`duplicates: a header with ${label} is malformed`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await tokenOver(lib, header, '{"sub":"a"}');
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.verifyCompact(token, hs256), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(() => lib.decodeUnverified(token), 'ERR_JWT_MALFORMED');
    });
  }
  const claims: [string, string][] = [
    ['sub twice', '{"sub":"a","sub":"b"}'],
    ['sub escaped the second time', '{"sub":1,"\\u0073ub":2}'],
    ['exp twice (expired, then far away)', `{"sub":"a","exp":${NOW - 10},"exp":${NOW + 3600}}`],
    ['aud twice', '{"aud":"api","aud":"admin"}'],
    ['a repeated name in a nested claim', '{"sub":"a","cnf":{"jkt":"x","jkt":"y"}}'],
    ['a repeated name in an object inside an array', '{"sub":"a","roles":[{"r":1},{"r":1,"r":2}]}'],
    ['__proto__ twice', '{"__proto__":{},"__proto__":{"admin":true}}'],
  ];
  for (const [label, json] of claims) {
    t.test(`duplicates: a claims set with ${label} is malformed`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await tokenOver(lib, GOOD_HEADER, json);
      await rejectsWithCode(lib.verify(token, hs256, { clock }), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.createVerifier(hs256, { clock })(token), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(() => lib.decodeUnverified(token), 'ERR_JWT_MALFORMED');
    });
  }
  t.test('duplicates: the same name in different objects, and escaped look-alikes, are fine', async () => {
    const { hs256 } = await testKeys(lib);
    const json = '{"sub":"a","act":{"sub":"b","act":{"sub":"c"}},"note":"\\"sub\\":1,\\"sub\\":2","sub\\\\":0}';
    const token = await tokenOver(lib, GOOD_HEADER, json);
    const { payload } = await lib.verify(token, hs256, { clock });
    assertEqual(payload.sub, 'a');
    assertEqual(payload.note, '"sub":1,"sub":2');
  });
  t.test('duplicates: a header seen before (cached) and then repeated is still checked', async () => {
    const { hs256 } = await testKeys(lib);
    const good = await tokenOver(lib, GOOD_HEADER, '{"sub":"a"}');
    await lib.verify(good, hs256);
    const bad = await tokenOver(lib, '{"alg":"HS256","typ":"JWT","typ":"JWT"}', '{"sub":"a"}');
    await rejectsWithCode(lib.verify(bad, hs256), 'ERR_JWT_MALFORMED');
    await rejectsWithCode(lib.verify(bad, hs256), 'ERR_JWT_MALFORMED');
  });
}

function registerMilliseconds(t: Registrar, lib: Lib): void {
  for (const claim of ['exp', 'nbf', 'iat']) {
    t.test(`milliseconds: a token whose ${claim} is in milliseconds is invalid`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await tokenOver(lib, GOOD_HEADER, `{"sub":"a","${claim}":${NOW * 1000 + 900_000}}`);
      const error = await rejectsWithCode(lib.verify(token, hs256, { clock }), 'ERR_JWT_CLAIM_INVALID', { claim });
      assert(error.message.includes('milliseconds'), `the message mentions milliseconds: ${error.message}`);
    });
    t.test(`milliseconds: sign refuses ${claim} in milliseconds`, async () => {
      const { hs256 } = await testKeys(lib);
      const error = await rejectsWithCode(lib.sign({ [claim]: NOW * 1000 }, hs256, { iat: false }), 'ERR_INVALID_ARGUMENT', { claim });
      assert(error.message.includes('milliseconds'), `the message mentions milliseconds: ${error.message}`);
    });
  }
  t.test('milliseconds: times before 1970 or after 9999 are invalid, fractions are fine when verifying', async () => {
    const { hs256 } = await testKeys(lib);
    for (const exp of ['-1', '253402300800', '1e300']) {
      const token = await tokenOver(lib, GOOD_HEADER, `{"exp":${exp}}`);
      await rejectsWithCode(lib.verify(token, hs256, { clock }), 'ERR_JWT_CLAIM_INVALID', { claim: 'exp' });
    }
    const token = await tokenOver(lib, GOOD_HEADER, `{"exp":${NOW + 0.5}}`);
    assertEqual((await lib.verify(token, hs256, { clock })).payload.exp, NOW + 0.5);
  });
  t.test('milliseconds: expiresIn given in milliseconds that ends after 9999 is refused', async () => {
    const { hs256 } = await testKeys(lib);
    await rejectsWithCode(() => lib.createSigner(hs256, { expiresIn: Date.now() }), 'ERR_INVALID_ARGUMENT');
  });
}

function registerOptions(t: Registrar, lib: Lib): void {
  t.test('options: a misspelled issuer is refused, never ignored', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign({ iss: 'https://evil.example' }, hs256);
    const error = await rejectsWithCode(lib.verify(token, hs256, { isuer: 'https://auth.example' } as never), 'ERR_INVALID_ARGUMENT');
    assert(error.message.includes('did you mean "issuer"'), error.message);
  });
  t.test('options: a misspelled audience is refused by sign and createVerifier', async () => {
    const { hs256 } = await testKeys(lib);
    await rejectsWithCode(lib.sign({}, hs256, { audiance: 'api' } as never), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => lib.createVerifier(hs256, { audiance: 'api' } as never), 'ERR_INVALID_ARGUMENT');
  });
  t.test('options: an audience of the wrong type is refused', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign({ aud: 'api' }, hs256);
    await rejectsWithCode(lib.verify(token, hs256, { audience: 42 } as never), 'ERR_INVALID_ARGUMENT');
  });
  t.test('options: jsonwebtoken\'s ignoreExpiration is unknown, so an expired token stays expired', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign({ exp: NOW - 10 }, hs256, { iat: false });
    await rejectsWithCode(lib.verify(token, hs256, { ignoreExpiration: true, clock } as never), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(lib.verify(token, hs256, { clock }), 'ERR_JWT_EXPIRED');
  });
}

/** Duplicate member names, times in milliseconds and misspelled options. */
export const strictInputSuite: Suite = {
  name: 'strict input',
  register(t, lib) {
    registerDuplicates(t, lib);
    registerMilliseconds(t, lib);
    registerOptions(t, lib);
  },
};
