/**
 * Project Wycheproof JSON Web Signature vectors (test/fixtures/wycheproof/json_web_signature_test.json),
 * run through the public API as an application would: the group's JWK is imported with `importKey`
 * for the group's algorithm, each compact JWS goes to `verifyCompact` (the payloads are not JWTs).
 * Every vector labelled valid must verify; every invalid one must be refused with a `JwtError`,
 * either when the key is imported or when the token is verified.
 *
 * Upstream labels we do not follow are listed in {@link DISPUTED} with the reason; the test checks
 * our verdict and the reason's premise (e.g. that a vector is byte-identical to another).
 *
 * @module
 */
import jwsFixture from '../fixtures/wycheproof/json_web_signature_test.json';
import { fromB64u, fromUtf8 } from './bytes.js';
import { assert, assertEqual, isJwtErrorLike, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';

interface JwsGroup {
  comment: string;
  public?: JsonWebKey;
  private?: JsonWebKey;
  tests: JwsTest[];
}

interface JwsTest {
  tcId: number;
  comment: string;
  jws: string;
  result: 'valid' | 'invalid';
  flags: string[];
}

const GROUPS = (jwsFixture as unknown as { testGroups: JwsGroup[] }).testGroups;

/** Codes that legitimately refuse a bad token or key; anything else means the test misused the API. */
const REFUSAL_CODES = new Set([
  'ERR_JWT_MALFORMED',
  'ERR_JWT_TOO_LARGE',
  'ERR_JWS_ALG_NOT_ALLOWED',
  'ERR_JWS_SIGNATURE_INVALID',
  'ERR_JWS_CRIT_UNSUPPORTED',
  'ERR_KEY_INVALID',
]);

/** A label we do not follow: our verdict, and a check of the premise the disagreement rests on. */
interface Dispute {
  verdict: 'valid' | 'invalid';
  code?: string;
  premise(lib: Lib, v: JwsTest, jwk: JsonWebKey): Promise<void>;
}

/** The token's header `alg`, read without the library. */
function headerAlg(jws: string): string {
  return JSON.parse(fromUtf8(fromB64u(jws.split('.')[0] ?? ''))).alg;
}

const identicalTo357: Dispute['premise'] = async (_lib, v) => assertEqual(v.jws, findToken(357), 'token identical to #357');

// The MAC is genuine for the token without the inserted "?": a lenient decoder that skips it accepts.
const macWithoutQuestionMark: Dispute['premise'] = async (lib, v, jwk) => {
  assert(v.jws.includes('?'), 'token contains "?"');
  await verifyVector(lib, jwk, 'HS256', v.jws.replace('?', ''));
};

// The JWK says one algorithm, the token another; the signature is genuine for the token's.
const keyAlgMismatch: Dispute['premise'] = async (lib, v, jwk) => {
  const { alg, ...unbound } = jwk;
  assert(alg !== headerAlg(v.jws), `JWK alg ${String(alg)} differs from the token's ${headerAlg(v.jws)}`);
  await verifyVector(lib, unbound, headerAlg(v.jws), v.jws);
};

/**
 * Upstream labels this library deliberately does not follow.
 * - 367, 370: byte-identical to the valid 357 (C2SP/wycheproof#236); presumably their `=` padding was
 *   lost upstream. A verifier cannot tell identical inputs apart, so they verify like 357.
 * - 372, 373: labelled valid, but a `?` was inserted into the header / payload segment after the MAC
 *   was computed. RFC 7515 section 5.2 verifies the signing input exactly as received and requires
 *   strict base64url, so only a decoder that skips foreign characters accepts them.
 * - 346, 350: RFC 7520 figure 20 is a PS384 token, but the group's JWK says `"alg": "PS256"`. A key
 *   is used with exactly one algorithm (RFC 8725 section 3.1), so a verifier holding that key for
 *   PS256 refuses the token.
 * - 347, 351: RFC 7520 figure 27 is an ES512 token, but the group's JWK says `"alg": "ES521"`, which
 *   no specification defines (RFC 7520's own key has no `alg`). `importKey` refuses a JWK whose `alg`
 *   differs from the algorithm asked for; without that member the key verifies the token as ES512.
 */
const DISPUTED: Record<number, Dispute> = {
  367: { verdict: 'valid', premise: identicalTo357 },
  370: { verdict: 'valid', premise: identicalTo357 },
  372: { verdict: 'invalid', code: 'ERR_JWT_MALFORMED', premise: macWithoutQuestionMark },
  373: { verdict: 'invalid', code: 'ERR_JWS_SIGNATURE_INVALID', premise: macWithoutQuestionMark },
  346: { verdict: 'invalid', code: 'ERR_JWS_ALG_NOT_ALLOWED', premise: keyAlgMismatch },
  350: { verdict: 'invalid', code: 'ERR_JWS_ALG_NOT_ALLOWED', premise: keyAlgMismatch },
  347: { verdict: 'invalid', code: 'ERR_KEY_INVALID', premise: keyAlgMismatch },
  351: { verdict: 'invalid', code: 'ERR_KEY_INVALID', premise: keyAlgMismatch },
};

/**
 * The algorithm a verifier holding this group's key expects. The key's own `alg` where it names one;
 * the P-521 key says "ES521" (see {@link DISPUTED}), meaning ES512; encryption keys carry no `alg`, so
 * the verifier is configured for the algorithm of the family the token claims.
 */
function groupAlgorithm(lib: Lib, jwk: JsonWebKey): string {
  if (lib.isAlgorithm(jwk.alg)) return jwk.alg;
  if (jwk.alg === 'ES521') return 'ES512';
  return jwk.kty === 'EC' ? 'ES256' : 'RS256';
}

function findToken(tcId: number): string | undefined {
  for (const g of GROUPS) for (const v of g.tests) if (v.tcId === tcId) return v.jws;
  return undefined;
}

async function verifyVector(lib: Lib, jwk: JsonWebKey, alg: string, jws: string) {
  const key = await lib.importKey(jwk, alg as never);
  return lib.verifyCompact(jws, key, { algorithms: [alg as never] });
}

function registerVector(t: Registrar, lib: Lib, group: JwsGroup, v: JwsTest): void {
  const jwk = group.public ?? group.private;
  const disputed = DISPUTED[v.tcId];
  const label = disputed === undefined ? v.result : `${v.result} upstream, ${disputed.verdict} here`;
  t.test(`#${v.tcId} ${group.comment}/${v.comment} (${label})`, async () => {
    assert(jwk !== undefined, 'group has a key');
    const alg = groupAlgorithm(lib, jwk);
    await disputed?.premise(lib, v, jwk);
    const verdict = disputed?.verdict ?? v.result;
    if (verdict === 'valid') {
      const { header } = await verifyVector(lib, jwk, alg, v.jws);
      assertEqual(header.alg, alg, 'header alg');
      return;
    }
    if (disputed?.code !== undefined) {
      await rejectsWithCode(verifyVector(lib, jwk, alg, v.jws), disputed.code);
      return;
    }
    try {
      await verifyVector(lib, jwk, alg, v.jws);
    } catch (err) {
      assert(isJwtErrorLike(err), `refused with a JwtError, not ${String(err)}`);
      assert(REFUSAL_CODES.has(err.code), `refused with an unexpected code ${err.code} (${err.message})`);
      return;
    }
    throw new Error('an invalid vector verified');
  });
}

/** Wycheproof JWS vectors through `importKey` and `verifyCompact`. */
export const wycheproofSuite: Suite = {
  name: 'wycheproof-jws',
  register(t, lib) {
    for (const group of GROUPS) for (const v of group.tests) registerVector(t, lib, group, v);
    t.test('every vector is accounted for', () => {
      const count = GROUPS.reduce((n, g) => n + g.tests.length, 0);
      assertEqual(count, (jwsFixture as unknown as { numberOfTests: number }).numberOfTests);
    });
  },
};
