/**
 * Known attacks on JWT verifiers, each refused with its exact `JwtError` code: `alg: none`,
 * algorithm confusion, embedded keys in the header, malformed ECDSA/RSA/EdDSA signatures,
 * key resolvers that return the wrong thing, and signatures moved between tokens.
 *
 * @module
 */
import { b64u, forgeHs256, fromB64u, jsonSegment, peek, segments, utf8 } from './bytes.js';
import { assert, assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import { testKeys } from './test-keys.js';

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE'];
const CLAIMS = { sub: 'user-1', admin: true };

/** `alg: none` in every casing, with and without a signature part. */
function registerAlgNone(t: Registrar, lib: Lib): void {
  for (const alg of NONE_SPELLINGS) {
    const unsigned = `${jsonSegment({ alg, typ: 'JWT' })}.${jsonSegment(CLAIMS)}.`;
    const signed = `${unsigned}${b64u(new Uint8Array(32))}`;
    t.test(`alg ${alg}: unsigned token is malformed (empty signature)`, async () => {
      const { hs256 } = await testKeys(lib);
      await rejectsWithCode(lib.verify(unsigned, hs256), 'ERR_JWT_MALFORMED');
    });
    t.test(`alg ${alg}: with a signature part it is not an allowed algorithm`, async () => {
      const { hs256, es256 } = await testKeys(lib);
      await rejectsWithCode(lib.verify(signed, hs256), 'ERR_JWS_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.verify(signed, es256.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.verifyCompact(signed, hs256), 'ERR_JWS_ALG_NOT_ALLOWED');
    });
    t.test(`alg ${alg}: listing it in algorithms is a caller error`, async () => {
      const { hs256 } = await testKeys(lib);
      await rejectsWithCode(lib.verify(signed, hs256, { algorithms: [alg] as never }), 'ERR_INVALID_ARGUMENT');
      await rejectsWithCode(lib.verify(signed, hs256, { algorithms: ['HS256', alg] as never }), 'ERR_INVALID_ARGUMENT');
    });
    t.test(`alg ${alg}: a resolver is never asked for a key`, async () => {
      let calls = 0;
      const resolver = () => {
        calls++;
        throw new Error('must not be called');
      };
      await rejectsWithCode(lib.verify(signed, resolver, { algorithms: ['HS256'] }), 'ERR_JWS_ALG_NOT_ALLOWED');
      assertEqual(calls, 0, 'resolver calls');
    });
  }
  t.test('sign never produces alg none', async () => {
    const { hs256 } = await testKeys(lib);
    await rejectsWithCode(lib.sign(CLAIMS, hs256, { alg: 'none' as never }), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(lib.sign(CLAIMS, hs256, { header: { alg: 'none' } }), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(lib.signCompact('x', hs256, { header: { alg: 'none' } }), 'ERR_INVALID_ARGUMENT');
  });
}

/** Public key material used as an HMAC secret, and tokens checked against a key of another family. */
function registerConfusion(t: Registrar, lib: Lib): void {
  const material = async () => {
    const { rs256 } = await testKeys(lib);
    const pem = await lib.exportPem(rs256.publicKey);
    const jwkText = JSON.stringify(await lib.exportJwk(rs256.publicKey));
    const header = jsonSegment({ alg: 'HS256', typ: 'JWT' });
    return { rs256, pem, jwkText, header, payload: jsonSegment(CLAIMS) };
  };
  t.test('confusion: an RS256 public key PEM is refused as an HS256 secret', async () => {
    const { pem, header, payload } = await material();
    assert(pem.startsWith('-----BEGIN PUBLIC KEY-----'), 'exportPem gives SPKI PEM');
    await rejectsWithCode(lib.importKey(pem, 'HS256'), 'ERR_KEY_INVALID');
    await rejectsWithCode(lib.importSecret(pem, 'HS256'), 'ERR_KEY_INVALID');
    const forged = await forgeHs256(utf8(pem), header, payload);
    await rejectsWithCode(lib.verify(forged, pem, { algorithms: ['HS256'] }), 'ERR_KEY_INVALID');
    await rejectsWithCode(lib.verify(forged, pem, { algorithms: ['HS256', 'RS256'] }), 'ERR_KEY_INVALID');
  });
  t.test('confusion: an RS256 public JWK as JSON text is refused as an HS256 secret', async () => {
    const { jwkText, header, payload } = await material();
    await rejectsWithCode(lib.importKey(jwkText, 'HS256'), 'ERR_KEY_INVALID');
    await rejectsWithCode(lib.importSecret(jwkText, 'HS256'), 'ERR_KEY_INVALID');
    const forged = await forgeHs256(utf8(jwkText), header, payload);
    await rejectsWithCode(lib.verify(forged, jwkText, { algorithms: ['HS256'] }), 'ERR_KEY_INVALID');
  });
  t.test('confusion: an HS256 token MACed with the PEM is refused by the RSA key', async () => {
    const { rs256, pem, header, payload } = await material();
    const forged = await forgeHs256(utf8(pem), header, payload);
    await rejectsWithCode(lib.verify(forged, rs256.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
    // Even when the caller allows both: the key is bound to RS256.
    await rejectsWithCode(lib.verify(forged, rs256.publicKey, { algorithms: ['RS256', 'HS256'] }), 'ERR_JWS_ALG_NOT_ALLOWED');
  });
  t.test('confusion: an HS256 token is refused by an RSA key', async () => {
    const { hs256, rs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, hs256);
    await rejectsWithCode(lib.verify(token, rs256.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
  });
  t.test('confusion: an RS256 token is refused by the same RSA key bound to PS256', async () => {
    const { rs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, rs256.privateKey);
    const { alg: _alg, ...jwk } = await lib.exportJwk(rs256.publicKey);
    const asPss = await lib.importKey(jwk, 'PS256');
    await rejectsWithCode(lib.verify(token, asPss), 'ERR_JWS_ALG_NOT_ALLOWED');
    await rejectsWithCode(lib.verify(token, asPss, { algorithms: ['RS256', 'PS256'] }), 'ERR_JWS_ALG_NOT_ALLOWED');
  });
  t.test('confusion: an ES256 token is refused by an EdDSA key and vice versa', async () => {
    const { es256, eddsa } = await testKeys(lib);
    await rejectsWithCode(lib.verify(await lib.sign(CLAIMS, es256.privateKey), eddsa.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
    await rejectsWithCode(lib.verify(await lib.sign(CLAIMS, eddsa.privateKey), es256.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
  });
  t.test('confusion: a private key never verifies', async () => {
    const { es256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, es256.privateKey);
    await rejectsWithCode(lib.verify(token, es256.privateKey), 'ERR_KEY_INVALID');
  });
}

/** Keys embedded in the header are never used. */
function registerEmbeddedKeys(t: Registrar, lib: Lib): void {
  const members: Record<string, (jwk: JsonWebKey) => unknown> = {
    jwk: (jwk) => jwk,
    jku: () => 'https://attacker.invalid/jwks.json',
    x5u: () => 'https://attacker.invalid/cert.pem',
    x5c: () => ['MIIBszCCAVmgAwIBAgIUAttackerCertificate'],
  };
  for (const [name, value] of Object.entries(members)) {
    t.test(`embedded ${name}: a token signed by the attacker's key fails against the real key`, async () => {
      const { es256, attacker } = await testKeys(lib);
      const attackerJwk = await lib.exportJwk(attacker.publicKey);
      const token = await lib.sign(CLAIMS, attacker.privateKey, { header: { [name]: value(attackerJwk) } });
      await rejectsWithCode(lib.verify(token, es256.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
      const jwks = lib.createLocalJwks({ keys: [await lib.exportJwk(es256.publicKey)] });
      await rejectsWithCode(lib.verify(token, jwks, { algorithms: ['ES256'] }), 'ERR_JWS_SIGNATURE_INVALID');
    });
  }
  t.test('embedded jwk: an unknown kid is not found in a key set', async () => {
    const { es256, attacker } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, attacker.privateKey, {
      kid: 'attacker',
      header: { jwk: await lib.exportJwk(attacker.publicKey) },
    });
    const jwks = lib.createLocalJwks({ keys: [await lib.exportJwk(es256.publicKey)] });
    await rejectsWithCode(lib.verify(token, jwks, { algorithms: ['ES256'] }), 'ERR_KEY_NOT_FOUND');
  });
}

/** DER-encodes a P1363 ECDSA signature (r || s), as non-JOSE libraries produce it. */
function toDer(p1363: Uint8Array): Uint8Array {
  const half = p1363.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = trimmed[0]! >= 0x80 ? [0, ...trimmed] : [...trimmed];
    return [0x02, body.length, ...body];
  };
  const content = [...integer(p1363.subarray(0, half)), ...integer(p1363.subarray(half))];
  const length = content.length < 0x80 ? [content.length] : [0x81, content.length];
  return new Uint8Array([0x30, ...length, ...content]);
}

/** Replaces a token's signature with `signature`. */
function withSignature(token: string, signature: Uint8Array): string {
  const [h, p] = segments(token);
  return `${h}.${p}.${b64u(signature)}`;
}

/** Signatures of the wrong shape: zeros, DER, off-by-one lengths. */
function registerSignatureShapes(t: Registrar, lib: Lib): void {
  const zeroCases = [
    ['ES256', 'es256', 64],
    ['ES384', 'es384', 96],
    ['ES512', 'es512', 132],
  ] as const;
  for (const [alg, name, length] of zeroCases) {
    t.test(`${alg}: r = s = 0 (all-zero signature) is refused`, async () => {
      const pair = (await testKeys(lib))[name];
      const token = await lib.sign(CLAIMS, pair.privateKey);
      await rejectsWithCode(lib.verify(withSignature(token, new Uint8Array(length)), pair.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
    });
    t.test(`${alg}: a DER-encoded signature of a genuine token is refused`, async () => {
      const pair = (await testKeys(lib))[name];
      const token = await lib.sign(CLAIMS, pair.privateKey);
      await lib.verify(token, pair.publicKey);
      const der = toDer(fromB64u(segments(token)[2]));
      await rejectsWithCode(lib.verify(withSignature(token, der), pair.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
    });
  }
  const lengthCases: [string, 'rs256' | 'ps256' | 'es256' | 'eddsa' | 'hs', (sig: Uint8Array) => Uint8Array][] = [
    ['RS256 one byte short', 'rs256', (s) => s.subarray(0, s.length - 1)],
    ['RS256 one byte long (trailing zero)', 'rs256', (s) => new Uint8Array([...s, 0])],
    ['RS256 one byte long (leading zero)', 'rs256', (s) => new Uint8Array([0, ...s])],
    ['PS256 one byte short', 'ps256', (s) => s.subarray(0, s.length - 1)],
    ['ES256 63 bytes', 'es256', (s) => s.subarray(0, 63)],
    ['ES256 65 bytes', 'es256', (s) => new Uint8Array([...s, 0])],
    ['EdDSA 63 bytes', 'eddsa', (s) => s.subarray(0, 63)],
    ['EdDSA 65 bytes', 'eddsa', (s) => new Uint8Array([...s, 0])],
    ['HS256 truncated to 16 bytes', 'hs', (s) => s.subarray(0, 16)],
    ['HS256 31 bytes', 'hs', (s) => s.subarray(0, 31)],
  ];
  for (const [label, name, reshape] of lengthCases) {
    t.test(`signature length: ${label} is refused`, async () => {
      const keys = await testKeys(lib);
      const signer = name === 'hs' ? keys.hs256 : keys[name].privateKey;
      const verifier = name === 'hs' ? keys.hs256 : keys[name].publicKey;
      const token = await lib.sign(CLAIMS, signer);
      const reshaped = withSignature(token, reshape(fromB64u(segments(token)[2])));
      await rejectsWithCode(lib.verify(reshaped, verifier), 'ERR_JWS_SIGNATURE_INVALID');
    });
  }
}

/** Key resolvers and key sets that return something unusable. */
function registerResolvers(t: Registrar, lib: Lib): void {
  const cases: [string, (keys: Awaited<ReturnType<typeof testKeys>>) => unknown, string][] = [
    ['a key for another algorithm', (k) => k.es256.publicKey, 'ERR_KEY_INVALID'],
    ['an HS384 key for an HS256 token', () => lib.generateSecret('HS384'), 'ERR_KEY_INVALID'],
    ['a private key', (k) => k.es256.privateKey, 'ERR_KEY_INVALID'],
    ['a raw string secret', () => 'a-string-secret-that-is-long-enough-to-pass', 'ERR_KEY_INVALID'],
    ['an empty string', () => '', 'ERR_KEY_INVALID'],
    ['raw secret bytes', (k) => k.secret, 'ERR_KEY_INVALID'],
    ['undefined', () => undefined, 'ERR_KEY_INVALID'],
    ['null', () => null, 'ERR_KEY_INVALID'],
    // The right fields and a real CryptoKey, but not made by the library.
    ['a look-alike object', (k) => ({ alg: 'HS256', type: 'secret', weak: false, cryptoKey: k.hs256.cryptoKey }), 'ERR_KEY_INVALID'],
    ['a number', () => 42, 'ERR_KEY_INVALID'],
  ];
  for (const [label, pick, code] of cases) {
    t.test(`resolver returning ${label} is refused with ${code}`, async () => {
      const keys = await testKeys(lib);
      const token = await lib.sign(CLAIMS, keys.hs256);
      const resolver = async () => pick(keys) as never;
      await rejectsWithCode(lib.verify(token, resolver, { algorithms: ['HS256'] }), code);
      const keySet = { getKey: resolver };
      await rejectsWithCode(lib.verify(token, keySet, { algorithms: ['HS256'] }), code);
    });
  }
  t.test('resolver that throws a plain error: ERR_KEY_NOT_FOUND', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, hs256);
    const resolver = () => {
      throw new Error('database down');
    };
    await rejectsWithCode(lib.verify(token, resolver, { algorithms: ['HS256'] }), 'ERR_KEY_NOT_FOUND');
  });
  t.test('resolver with no algorithms option: ERR_INVALID_ARGUMENT', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, hs256);
    await rejectsWithCode(lib.verify(token, () => hs256), 'ERR_INVALID_ARGUMENT');
  });
  t.test('resolver returning the right key verifies', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, hs256);
    const { payload } = await lib.verify(token, () => hs256, { algorithms: ['HS256'] });
    assertEqual(payload.sub, CLAIMS.sub);
  });
}

/** Key sets pick keys by header members, which an attacker controls. */
function registerKeySets(t: Registrar, lib: Lib): void {
  for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    t.test(`key set: kid ${JSON.stringify(kid)} finds no key`, async () => {
      const { es256 } = await testKeys(lib);
      const token = await lib.sign(CLAIMS, es256.privateKey, { kid });
      const jwks = lib.createLocalJwks({ keys: [await lib.exportJwk(es256.publicKey)] });
      await rejectsWithCode(lib.verify(token, jwks, { algorithms: ['ES256'] }), 'ERR_KEY_NOT_FOUND');
    });
  }
  t.test('key set: an HS256 token MACed with an RSA JWK of the set finds no key', async () => {
    const { rs256 } = await testKeys(lib);
    const { alg: _alg, ...jwk } = await lib.exportJwk(rs256.publicKey);
    const forged = await forgeHs256(utf8(JSON.stringify(jwk)), jsonSegment({ alg: 'HS256', kid: 'rs' }), jsonSegment(CLAIMS));
    const jwks = lib.createLocalJwks({ keys: [jwk] });
    await rejectsWithCode(lib.verify(forged, jwks, { algorithms: ['RS256', 'HS256'] }), 'ERR_KEY_NOT_FOUND');
  });
  t.test('key set: with two fitting keys and no kid, it never guesses', async () => {
    const [a, b] = await Promise.all([lib.generateKeyPair('ES256'), lib.generateKeyPair('ES256')]);
    const token = await lib.sign(CLAIMS, a.privateKey);
    assertEqual(peek(token).header.kid, undefined, 'token kid');
    const jwks = lib.createLocalJwks({ keys: [await lib.exportJwk(a.publicKey), await lib.exportJwk(b.publicKey)] });
    await rejectsWithCode(lib.verify(token, jwks, { algorithms: ['ES256'] }), 'ERR_KEY_NOT_FOUND');
  });
}

/** Genuine signatures moved to other content, and tokens from other keys. */
function registerTransplants(t: Registrar, lib: Lib): void {
  t.test('a signature moved to another payload is refused', async () => {
    const { es256 } = await testKeys(lib);
    const a = await lib.sign({ sub: 'alice' }, es256.privateKey);
    const b = await lib.sign({ sub: 'mallory', admin: true }, es256.privateKey);
    const [h, p] = segments(b);
    await rejectsWithCode(lib.verify(`${h}.${p}.${segments(a)[2]}`, es256.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
  });
  t.test('a token from another key of the same algorithm is refused', async () => {
    const { es256, attacker } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, attacker.privateKey);
    await rejectsWithCode(lib.verify(token, es256.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
  });
  t.test('an HMAC token from another secret is refused', async () => {
    const { hs256 } = await testKeys(lib);
    const other = await lib.generateSecret('HS256');
    await rejectsWithCode(lib.verify(await lib.sign(CLAIMS, other), hs256), 'ERR_JWS_SIGNATURE_INVALID');
  });
}

/** Known attacks on verifiers. */
export const attacksSuite: Suite = {
  name: 'attacks',
  register(t, lib) {
    registerAlgNone(t, lib);
    registerConfusion(t, lib);
    registerEmbeddedKeys(t, lib);
    registerSignatureShapes(t, lib);
    registerResolvers(t, lib);
    registerKeySets(t, lib);
    registerTransplants(t, lib);
  },
};
