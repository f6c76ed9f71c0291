/**
 * The RFC example tokens (RFC 7515 A.1–A.5, RFC 7519 3.1, RFC 7520 4.1–4.4, RFC 8037 A.4) and the
 * jwt.io token, from test/fixtures/rfc/rfc.json (see /work/shared/vectors/README.md for its shape).
 *
 * Each case is verified the way an application would: a JWK is imported with the algorithm the
 * verifier expects (the first of the case's `algorithms`), a raw secret is passed as is. Valid JWTs
 * are verified at the case's `now`; `mode: "jws"` cases carry a non-JSON payload, so they verify with
 * `verifyCompact` and `verify` must refuse them as malformed.
 *
 * @module
 */
import rfcFixture from '../fixtures/rfc/rfc.json';
import { fromB64u } from './bytes.js';
import { assert, assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';

interface RfcCase {
  id: string;
  token: string;
  key: { type: 'jwk'; jwk: JsonWebKey } | { type: 'secret'; utf8?: string; base64url?: string };
  options: { algorithms: string[]; now?: number; mode?: 'jws'; typ?: string };
  expect: 'valid' | 'invalid';
  category?: 'alg' | 'claims' | 'format' | 'key' | 'signature';
  expectPayload?: Record<string, unknown>;
  expectPayloadB64u?: string;
  expectPayloadIfAccepted?: Record<string, unknown>;
}

const CASES = (rfcFixture as unknown as { cases: RfcCase[] }).cases;

/** What each invalid category means in this library's error codes. */
const CODE_BY_CATEGORY: Record<NonNullable<RfcCase['category']>, string> = {
  alg: 'ERR_JWS_ALG_NOT_ALLOWED',
  claims: 'ERR_JWT_EXPIRED',
  format: 'ERR_JWT_MALFORMED',
  key: 'ERR_KEY_INVALID',
  signature: 'ERR_JWS_SIGNATURE_INVALID',
};

/** Cases whose exact code differs from their category's, and why. */
const CODE_BY_ID: Record<string, string> = {
  // alg "none" has an empty signature segment, which the parser refuses before any algorithm check.
  'rfc7515/A.5-unsecured-none': 'ERR_JWT_MALFORMED',
  // "none" is not an algorithm: listing it is a caller error, refused before the token is read.
  'rfc7515/A.5-unsecured-none-allowlisted': 'ERR_INVALID_ARGUMENT',
};

const DEFAULT_ALG: Record<string, string> = { oct: 'HS256', RSA: 'RS256', EC: 'ES256', OKP: 'EdDSA' };

async function caseKey(lib: Lib, c: RfcCase): Promise<unknown> {
  if (c.key.type === 'secret') {
    return c.key.utf8 ?? fromB64u(c.key.base64url ?? '');
  }
  const jwk = c.key.jwk;
  const alg = c.options.algorithms.find((a) => lib.isAlgorithm(a)) ?? jwk.alg ?? DEFAULT_ALG[jwk.kty ?? ''];
  return lib.importKey(jwk, alg as never);
}

function verifyOptions(c: RfcCase): Record<string, unknown> {
  const { now, mode: _mode, ...rest } = c.options;
  return now === undefined ? rest : { ...rest, clock: () => now * 1000 };
}

function registerCase(t: Registrar, lib: Lib, c: RfcCase): void {
  const options = verifyOptions(c);
  if (c.expect === 'valid' && c.options.mode === 'jws') {
    t.test(`${c.id}: verifyCompact returns the payload bytes`, async () => {
      const key = await caseKey(lib, c);
      const { payload, header } = await lib.verifyCompact(c.token, key as never, options as never);
      assertEqual(payload, fromB64u(c.expectPayloadB64u ?? ''));
      assertEqual(header.alg, c.options.algorithms[0]);
    });
    t.test(`${c.id}: verify refuses the non-JWT payload`, async () => {
      const key = await caseKey(lib, c);
      await rejectsWithCode(lib.verify(c.token, key as never, options as never), 'ERR_JWT_MALFORMED');
    });
    return;
  }
  if (c.expect === 'valid') {
    t.test(`${c.id}: verify returns the claims at the case's time`, async () => {
      const key = await caseKey(lib, c);
      const { payload, header } = await lib.verify(c.token, key as never, options as never);
      assertEqual(payload, c.expectPayload);
      assertEqual(header.alg, c.options.algorithms[0]);
    });
    t.test(`${c.id}: verifyCompact accepts the signature`, async () => {
      const key = await caseKey(lib, c);
      await lib.verifyCompact(c.token, key as never, { algorithms: c.options.algorithms as never });
    });
    return;
  }
  const code = CODE_BY_ID[c.id] ?? (c.category && CODE_BY_CATEGORY[c.category]);
  t.test(`${c.id}: rejected with ${code ?? '(no expectation)'}`, async () => {
    assert(code !== undefined, `no expected code for category ${String(c.category)}`);
    const key = await caseKey(lib, c);
    const err = await rejectsWithCode(lib.verify(c.token, key as never, options as never), code);
    if (code === 'ERR_JWT_EXPIRED') assertEqual(err.claim, 'exp', 'claim');
  });
}

/** Cases that need more than the corpus's verdict. */
function registerExtras(t: Registrar, lib: Lib): void {
  const jwtio = CASES.find((c) => c.id === 'jwtio/canonical-token');
  t.test('jwtio/canonical-token: the 19-byte secret is refused by importKey too', async () => {
    assert(jwtio?.key.type === 'secret' && jwtio.key.utf8 !== undefined, 'fixture has the jwt.io case');
    await rejectsWithCode(lib.importKey(jwtio.key.utf8, 'HS256'), 'ERR_KEY_INVALID');
  });
  t.test('jwtio/canonical-token: accepted with allowShortSecretForVerifyOnly, as a weak key', async () => {
    assert(jwtio?.key.type === 'secret' && jwtio.key.utf8 !== undefined, 'fixture has the jwt.io case');
    const key = await lib.importKey(jwtio.key.utf8, 'HS256', { allowShortSecretForVerifyOnly: true });
    assertEqual(key.weak, true, 'key.weak');
    const now = jwtio.options.now ?? 0;
    const result = await lib.verify(jwtio.token, key, { algorithms: ['HS256'], clock: () => now * 1000 });
    assertEqual(result.payload, jwtio.expectPayloadIfAccepted);
    assertEqual(result.key.weak, true, 'result.key.weak');
    // Verify-only: the weak key never signs.
    await rejectsWithCode(lib.sign({ sub: 'x' }, key), 'ERR_KEY_INVALID');
  });

  const none = CASES.find((c) => c.id === 'rfc7515/A.5-unsecured-none-allowlisted');
  t.test('rfc7515/A.5: verifyCompact also refuses "none" in algorithms', async () => {
    assert(none !== undefined, 'fixture has the A.5 case');
    const key = await caseKey(lib, none);
    await rejectsWithCode(lib.verifyCompact(none.token, key as never, { algorithms: ['none'] as never }), 'ERR_INVALID_ARGUMENT');
  });
  t.test('rfc7515/A.5: the unsecured token with an HMAC signature appended is still refused', async () => {
    assert(none !== undefined, 'fixture has the A.5 case');
    const key = await caseKey(lib, none);
    // A signature part makes it parse; "none" is then simply not an allowed algorithm.
    const forged = `${none.token}${'A'.repeat(43)}`;
    await rejectsWithCode(lib.verify(forged, key as never, { algorithms: ['HS256'] }), 'ERR_JWS_ALG_NOT_ALLOWED');
  });
}

/** The RFC and jwt.io example tokens. */
export const rfcSuite: Suite = {
  name: 'rfc',
  register(t, lib) {
    for (const c of CASES) registerCase(t, lib, c);
    registerExtras(t, lib);
  },
};
