/**
 * JWE in every runtime: each alg × enc pair round-trips with fresh keys (ECDH-ES on P-256, P-384,
 * P-521 and X25519), the RFC 7520 examples decrypt to their exact plaintexts, and tokens that need
 * 192-bit AES, made by another library, decrypt wherever Web Crypto has AES-192, and ECDH keys
 * import as this runtime's Web Crypto exports them (Deno: with alg "ECDH").
 *
 * Runtime differences are asserted, not skipped: where Web Crypto lacks something a pair needs
 * (Chromium has no AES-192), the pair must fail with the library's one clear `ERR_KEY_INVALID`,
 * never a Web Crypto exception, and every other pair must work. Each test runs under every crypto
 * backend the runtime has (native `node:crypto` and Web Crypto in Node, Deno and Bun): JWE uses
 * Web Crypto only, so outcomes must be identical, and tokens made under one backend must decrypt
 * under the other.
 *
 * @module
 */
import aes192Fixture from '../fixtures/jwe/aes192-tokens.json';
import rfc7520 from '../fixtures/jwe/rfc7520-compact.json';
import { fromB64u, fromUtf8 } from './bytes.js';
import { assert, assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import {
  type Alg,
  CURVES,
  type Curve,
  type Enc,
  encryptOptions,
  isEcdh,
  jweBackends,
  jweSegments,
  missingCapability,
  type PairKeys,
  pairKeys,
  PLAINTEXT,
  runtimeCapabilities,
  sameOutcome,
  settle,
  underEachBackend,
} from './jwe-support.js';

const ISSUER = 'https://portable.webjwt.test';
const CLAIMS = { sub: 'user-1', note: 'ünïcödé – ✓', scope: ['read', 'write'] };

interface Tokens {
  readonly compact: string;
  readonly claims: string;
}

async function makeTokens(lib: Lib, keys: PairKeys, alg: Alg): Promise<Tokens> {
  const options = encryptOptions(alg);
  return {
    compact: await lib.encryptCompact(PLAINTEXT, keys.encryptKey, options),
    claims: await lib.encrypt(CLAIMS, keys.encryptKey, { ...options, expiresIn: '5m', issuer: ISSUER }),
  };
}

async function readTokens(lib: Lib, keys: PairKeys, alg: Alg, enc: Enc, tokens: Tokens): Promise<void> {
  const { plaintext, header } = await lib.decryptCompact(tokens.compact, keys.decryptKey);
  assertEqual(plaintext, PLAINTEXT, 'decryptCompact plaintext');
  assertEqual([header.alg, header.enc, header.kid], [alg, enc, keys.decryptKey.kid], 'header alg, enc, kid');
  // dir and ECDH-ES (direct agreement) send no encrypted key (RFC 7516 section 5.1).
  const noEncryptedKey = alg === 'dir' || alg === 'ECDH-ES';
  assertEqual(jweSegments(tokens.compact)[1] === '', noEncryptedKey, 'encrypted key segment empty');
  const decrypted = await lib.decrypt(tokens.claims, keys.decryptKey, { issuer: ISSUER });
  assertEqual(decrypted.payload.sub, CLAIMS.sub, 'claims sub');
  assertEqual(decrypted.payload.note, CLAIMS.note, 'claims note');
  assertEqual(decrypted.payload.scope, CLAIMS.scope, 'claims scope');
  assertEqual(decrypted.header.typ, 'JWT', 'claims typ');
}

/** One pair under every backend: the same outcome everywhere, the expected one here, and tokens that cross backends. */
async function roundTrip(lib: Lib, alg: Alg, enc: Enc, curve?: Curve): Promise<void> {
  const missing = missingCapability(await runtimeCapabilities(), alg, enc, curve);
  const backends = jweBackends(lib);
  const outcomes = await underEachBackend(lib, () =>
    settle(async () => {
      const keys = await pairKeys(lib, alg, enc, curve);
      const tokens = await makeTokens(lib, keys, alg);
      await readTokens(lib, keys, alg, enc, tokens);
      return tokens;
    }),
  );
  const outcome = sameOutcome(outcomes, backends);
  if (missing !== undefined) {
    assert(!outcome.ok, `expected ERR_KEY_INVALID matching ${missing} in this runtime, but the round trip worked`);
    const [code, ...rest] = outcome.error.split(': ');
    assertEqual(code, 'ERR_KEY_INVALID', 'error code where the runtime lacks what the pair needs');
    assert(missing.test(rest.join(': ')), `message "${rest.join(': ')}" does not match ${missing}`);
    return;
  }
  assert(outcome.ok, `round trip failed: ${outcome.ok ? '' : outcome.error}`);
  if (backends.length < 2) return;
  // Tokens made under one backend decrypt under the other.
  const keys = await pairKeys(lib, alg, enc, curve);
  await underEachBackend(lib, async () => {
    for (const made of outcomes) if (made.ok) await readTokens(lib, keys, alg, enc, made.value);
  });
}

function registerRoundTrips(t: Registrar, lib: Lib): void {
  for (const alg of lib.KEY_MANAGEMENT_ALGORITHMS) {
    for (const enc of lib.CONTENT_ENCRYPTION_ALGORITHMS) {
      if (isEcdh(alg)) {
        for (const curve of CURVES) t.test(`round trip ${alg} + ${enc} on ${curve}`, () => roundTrip(lib, alg, enc, curve));
      } else {
        t.test(`round trip ${alg} + ${enc}`, () => roundTrip(lib, alg, enc));
      }
    }
  }
  t.test('empty plaintext round-trips (GCM: empty ciphertext; CBC: one padding block)', async () => {
    await underEachBackend(lib, async () => {
      for (const enc of ['A128GCM', 'A128CBC-HS256'] as const) {
        const key = await lib.generateEncryptionKey('dir', enc);
        const token = await lib.encryptCompact(new Uint8Array(0), key);
        assertEqual(fromB64u(jweSegments(token)[3]).length, enc === 'A128GCM' ? 0 : 16, `${enc} ciphertext length`);
        assertEqual((await lib.decryptCompact(token, key)).plaintext, new Uint8Array(0));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// RFC 7520

interface CookbookCase {
  id: string;
  alg: Alg;
  enc: Enc;
  key?: Record<string, unknown>;
  password?: string;
  zip?: 'DEF';
  token: string;
  plaintext: string;
}

function cookbookKey(lib: Lib, c: { alg: Alg; enc: Enc; key?: Record<string, unknown>; password?: string }) {
  return lib.importEncryptionKey((c.password ?? c.key) as never, c.alg, c.enc);
}

function registerCookbook(t: Registrar, lib: Lib): void {
  for (const c of rfc7520.cases as CookbookCase[]) {
    t.test(`${c.id}: ${c.alg} + ${c.enc}${c.zip ? ' (zip DEF)' : ''} decrypts to its exact plaintext`, async () => {
      const key = await cookbookKey(lib, c);
      await underEachBackend(lib, async () => {
        const { plaintext, header } = await lib.decryptCompact(c.token, key, c.zip ? { allowCompression: true } : {});
        assertEqual(fromUtf8(plaintext), c.plaintext, 'plaintext');
        assertEqual([header.alg, header.enc, header.zip], [c.alg, c.enc, c.zip], 'header alg, enc, zip');
      });
    });
  }

  const nested = rfc7520.nested as typeof rfc7520.nested & { alg: Alg; enc: Enc };
  const nestedKeys = async () => ({
    decryptionKey: await cookbookKey(lib, nested),
    verifyKey: await lib.importKey(nested.verifyKey as never, nested.verifyAlg as never),
  });
  t.test(`${nested.id}: decryptThenVerify returns the signed claims (the PS256 check under each backend)`, async () => {
    const { decryptionKey, verifyKey } = await nestedKeys();
    await underEachBackend(lib, async () => {
      const result = await lib.decryptThenVerify(nested.token, decryptionKey, verifyKey, {
        verify: { issuer: nested.claims.iss, clock: () => nested.now * 1000 },
      });
      assertEqual(result.payload, nested.claims, 'claims');
      assertEqual([result.encryptionHeader.alg, result.encryptionHeader.cty], [nested.alg, 'JWT'], 'JWE header');
      assertEqual(result.header.alg, nested.verifyAlg, 'JWS alg');
    });
  });
  t.test(`${nested.id}: decryptCompact gives the signed JWT; decrypt refuses a nested token; expired after exp`, async () => {
    const { decryptionKey, verifyKey } = await nestedKeys();
    await underEachBackend(lib, async () => {
      assertEqual(fromUtf8((await lib.decryptCompact(nested.token, decryptionKey)).plaintext), nested.jws);
      await rejectsWithCode(lib.decrypt(nested.token, decryptionKey), 'ERR_JWT_MALFORMED');
      const late = { verify: { clock: () => (nested.claims.exp + 1) * 1000 } };
      await rejectsWithCode(lib.decryptThenVerify(nested.token, decryptionKey, verifyKey, late), 'ERR_JWT_EXPIRED', { claim: 'exp' });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Tokens that need AES-192, made elsewhere

interface Aes192Case {
  alg: Alg;
  enc: Enc;
  key: { secret?: string; password?: string; jwk?: Record<string, unknown> };
  token: string;
  plaintext: string;
}

function registerAes192Tokens(t: Registrar, lib: Lib): void {
  for (const c of aes192Fixture.cases as Aes192Case[]) {
    t.test(`made by jose: ${c.alg} + ${c.enc} decrypts where Web Crypto has AES-192, else ERR_KEY_INVALID saying so`, async () => {
      const missing = missingCapability(await runtimeCapabilities(), c.alg, c.enc);
      const material = c.key.secret === undefined ? (c.key.password ?? c.key.jwk) : fromB64u(c.key.secret);
      const outcomes = await underEachBackend(lib, () =>
        settle(async () => {
          const key = await lib.importEncryptionKey(material as never, c.alg, c.enc);
          return fromUtf8((await lib.decryptCompact(c.token, key)).plaintext);
        }),
      );
      const outcome = sameOutcome(outcomes, jweBackends(lib));
      if (missing === undefined) {
        assertEqual(outcome, { ok: true, value: c.plaintext });
      } else {
        assert(!outcome.ok && outcome.error.startsWith('ERR_KEY_INVALID: '), `expected ERR_KEY_INVALID, got ${JSON.stringify(outcome)}`);
        assert(missing.test(outcome.error.slice('ERR_KEY_INVALID: '.length)), `message does not match ${missing}: ${outcome.error}`);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// ECDH keys as this runtime's Web Crypto exports them

/** A pair made and exported by this runtime's Web Crypto, members unchanged. */
async function exportedEcdhPair(crv: Curve): Promise<{ publicJwk: JsonWebKey; privateJwk: JsonWebKey }> {
  const algorithm = crv === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: crv };
  const pair = (await crypto.subtle.generateKey(algorithm, true, ['deriveBits'])) as CryptoKeyPair;
  return { publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey), privateJwk: await crypto.subtle.exportKey('jwk', pair.privateKey) };
}

function registerWebCryptoJwks(t: Registrar, lib: Lib): void {
  const roundTrip = async (publicJwk: JsonWebKey, privateJwk: JsonWebKey, alg: Alg, what: string) => {
    const encryptKey = await lib.importEncryptionKey(publicJwk as never, alg, 'A256GCM');
    const decryptKey = await lib.importEncryptionKey(privateJwk as never, alg, 'A256GCM');
    const token = await lib.encryptCompact(PLAINTEXT, encryptKey);
    assertEqual((await lib.decryptCompact(token, decryptKey)).plaintext, PLAINTEXT, `${what} plaintext`);
  };
  // Deno writes alg "ECDH" (Web Crypto's name, no JOSE alg) into the EC keys it exports.
  t.test('ECDH JWKs exported by this Web Crypto import unchanged, and with alg "ECDH", on every curve it has', async () => {
    const caps = await runtimeCapabilities();
    for (const crv of CURVES) {
      if (missingCapability(caps, 'ECDH-ES', 'A256GCM', crv) !== undefined) continue; // asserted by the round trips
      const { publicJwk, privateJwk } = await exportedEcdhPair(crv);
      for (const alg of ['ECDH-ES', 'ECDH-ES+A128KW'] as const) {
        await underEachBackend(lib, async () => {
          await roundTrip(publicJwk, privateJwk, alg, `${crv} ${alg} as exported`);
          if (crv !== 'X25519') await roundTrip({ ...publicJwk, alg: 'ECDH' }, { ...privateJwk, alg: 'ECDH' }, alg, `${crv} ${alg} with alg "ECDH"`);
        });
      }
    }
  });
  t.test('an ECDH JWK whose alg names another algorithm, or spells "ECDH" otherwise, is refused (ERR_KEY_INVALID)', async () => {
    const { publicJwk } = await exportedEcdhPair('P-256');
    for (const [alg, importedFor] of [['ECDH-ES', 'ECDH-ES+A128KW'], ['RSA-OAEP', 'ECDH-ES'], ['ecdh', 'ECDH-ES'], ['ES256', 'ECDH-ES']] as const) {
      await rejectsWithCode(lib.importEncryptionKey({ ...publicJwk, alg } as never, importedFor, 'A128GCM'), 'ERR_KEY_INVALID');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The runtime, as the suite found it

function registerRuntimeFacts(t: Registrar, lib: Lib): void {
  t.test('runtime: AES-192 is all there or all missing (AES-GCM, AES-CBC, AES-KW agree with the probe)', async () => {
    const { aes192 } = await runtimeCapabilities();
    const imports = (name: string, usages: KeyUsage[]) =>
      crypto.subtle.importKey('raw', new Uint8Array(24), name, false, usages).then(() => true, () => false);
    assertEqual(
      [await imports('AES-GCM', ['encrypt']), await imports('AES-CBC', ['encrypt']), await imports('AES-KW', ['wrapKey'])],
      [aes192, aes192, aes192],
    );
  });
  t.test('runtime: every key-pair generation the suite needs either works or fails with the clear error', async () => {
    const caps = await runtimeCapabilities();
    for (const crv of CURVES) {
      const missing = missingCapability(caps, 'ECDH-ES', 'A128GCM', crv);
      const outcome = await settle(() => lib.generateEncryptionKeyPair('ECDH-ES', 'A128GCM', { crv }));
      if (missing === undefined) assert(outcome.ok, `${crv}: ${outcome.ok ? '' : outcome.error}`);
      else assert(!outcome.ok && missing.test(outcome.error), `${crv}: expected a clear error, got ${JSON.stringify(outcome)}`);
    }
  });
}

export const jweSuite: Suite = {
  name: 'jwe',
  register(t, lib) {
    registerRuntimeFacts(t, lib);
    registerRoundTrips(t, lib);
    registerCookbook(t, lib);
    registerAes192Tokens(t, lib);
    registerWebCryptoJwks(t, lib);
  },
};
