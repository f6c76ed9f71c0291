/**
 * Interoperability with `jose` (a devDependency, never imported by src/), both ways, for every
 * alg x enc pair, with ECDH-ES on each of P-256, P-384, P-521 and X25519, and PBES2 at a count both
 * sides accept: tokens webjwt makes, jose decrypts, and the other way round, as bytes
 * (encryptCompact / decryptCompact against CompactEncrypt / compactDecrypt), as claims (encrypt /
 * decrypt against EncryptJWT / jwtDecrypt) and nested (signThenEncrypt / decryptThenVerify against
 * jose's SignJWT + CompactEncrypt with cty "JWT" / compactDecrypt + jwtVerify).
 *
 * Each key is generated once per family and curve (helpers.ts) and the signing key once per file.
 */
import {
  CompactEncrypt,
  compactDecrypt,
  EncryptJWT,
  importJWK,
  type JWK,
  jwtDecrypt,
  jwtVerify,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ContentEncryptionAlgorithm,
  decrypt,
  decryptCompact,
  decryptThenVerify,
  encrypt,
  encryptCompact,
  exportJwk,
  generateKeyPair,
  type Jwk,
  type JwtKey,
  type KeyManagementAlgorithm,
  signThenEncrypt,
} from '../../src/index.js';
import { keyManagementSpec } from '../../src/jwe/algorithms.js';
import { ALL_PAIRS, type EcdhCurveName, encryptOptionsFor, keysFor, TEST_P2C } from './helpers.js';

const CURVES: readonly EcdhCurveName[] = ['P-256', 'P-384', 'P-521', 'X25519'];

interface InteropCase {
  readonly alg: KeyManagementAlgorithm;
  readonly enc: ContentEncryptionAlgorithm;
  /** ECDH-ES only: the curve of the recipient's key. */
  readonly crv?: EcdhCurveName;
  readonly label: string;
}

const isEcdh = (alg: KeyManagementAlgorithm) => keyManagementSpec(alg)!.family.startsWith('ecdh-es');

/** Every alg x enc pair; the ECDH-ES ones once per curve. */
const CASES: readonly InteropCase[] = ALL_PAIRS.flatMap(([alg, enc]) =>
  isEcdh(alg) ? CURVES.map((crv) => ({ alg, enc, crv, label: `${alg} (${crv}) with ${enc}` })) : [{ alg, enc, label: `${alg} with ${enc}` }],
);

const ISSUER = 'https://issuer.example';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (value: string) => new TextEncoder().encode(value);
const publicPart = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: Jwk): Jwk => rest;

// jose's key for the same material: bytes for oct keys (a CEK, a KEK or a PBES2 password), a key object otherwise.
async function joseKey(jwk: Jwk, alg: string, which: 'encrypt' | 'decrypt'): Promise<CryptoKey | Uint8Array> {
  if (jwk.kty === 'oct') return new Uint8Array(Buffer.from(jwk.k!, 'base64url'));
  return importJWK((which === 'decrypt' ? jwk : publicPart(jwk)) as JWK, alg);
}

/** The issuer's ES256 key for the nested tokens: webjwt's own, and the same key for jose. */
let signing: { privateKey: JwtKey; publicKey: JwtKey; josePrivate: CryptoKey | Uint8Array; josePublic: CryptoKey | Uint8Array };

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  signing = {
    privateKey,
    publicKey,
    josePrivate: (await importJWK((await exportJwk(privateKey)) as JWK, 'ES256')) as CryptoKey,
    josePublic: (await importJWK((await exportJwk(publicKey)) as JWK, 'ES256')) as CryptoKey,
  };
});

describe.each(CASES)('$label', ({ alg, enc, crv }) => {
  // jose decrypts PBES2 only when its algorithm is listed; list both everywhere.
  const allowed = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  const pbes2 = alg.startsWith('PBES2');
  const expectedHeader = (extra: Record<string, unknown>) => ({ alg, enc, ...extra, ...(crv === undefined ? {} : { epk: expect.objectContaining({ crv }) }) });

  // Both libraries' keys for the pair, imported once (importing a P-521 private key costs tens of ms).
  let webjwt: Awaited<ReturnType<typeof keysFor>>;
  let jose: { encryptKey: CryptoKey | Uint8Array; decryptKey: CryptoKey | Uint8Array };
  beforeAll(async () => {
    webjwt = await keysFor(alg, enc, { crv });
    jose = { encryptKey: await joseKey(webjwt.jwk, alg, 'encrypt'), decryptKey: await joseKey(webjwt.jwk, alg, 'decrypt') };
  });

  it('webjwt encrypts, jose decrypts: bytes, claims and a nested JWT', async () => {
    const { encryptKey } = webjwt;
    const { decryptKey } = jose;

    const token = await encryptCompact('from webjwt', encryptKey, { ...encryptOptionsFor(alg), kid: 'w-1' });
    const bytes = await compactDecrypt(token, decryptKey, allowed);
    expect(text(bytes.plaintext)).toBe('from webjwt');
    expect(bytes.protectedHeader).toMatchObject(expectedHeader({ kid: 'w-1' }));

    const claims = await encrypt({ sub: 'user-1' }, encryptKey, { ...encryptOptionsFor(alg), issuer: ISSUER, expiresIn: '5m' });
    const decrypted = await jwtDecrypt(claims, decryptKey, { ...allowed, issuer: ISSUER });
    expect(decrypted.payload).toMatchObject({ sub: 'user-1', iss: ISSUER });
    expect(decrypted.protectedHeader).toMatchObject(expectedHeader({ typ: 'JWT' }));

    const nested = await signThenEncrypt({ sub: 'user-2' }, signing.privateKey, encryptKey, {
      sign: { issuer: ISSUER, expiresIn: '5m' },
      encrypt: encryptOptionsFor(alg),
    });
    const outer = await compactDecrypt(nested, decryptKey, allowed);
    expect(outer.protectedHeader).toMatchObject(expectedHeader({ cty: 'JWT' }));
    const inner = await jwtVerify(text(outer.plaintext), signing.josePublic, { issuer: ISSUER, algorithms: ['ES256'] });
    expect(inner.payload.sub).toBe('user-2');
  });

  it('jose encrypts, webjwt decrypts: bytes, claims and a nested JWT', async () => {
    const { decryptKey } = webjwt;
    const { encryptKey } = jose;
    const withCount = <T extends { setKeyManagementParameters(p: { p2c: number }): T }>(builder: T): T =>
      pbes2 ? builder.setKeyManagementParameters({ p2c: TEST_P2C }) : builder;

    const token = await withCount(new CompactEncrypt(utf8('from jose')).setProtectedHeader({ alg, enc, kid: 'j-1' })).encrypt(encryptKey);
    const bytes = await decryptCompact(token, decryptKey, allowed);
    expect(text(bytes.plaintext)).toBe('from jose');
    expect(bytes.header).toMatchObject(expectedHeader({ kid: 'j-1' }));

    const claims = await withCount(
      new EncryptJWT({ sub: 'user-3' }).setProtectedHeader({ alg, enc }).setIssuer(ISSUER).setIssuedAt().setExpirationTime('5m'),
    ).encrypt(encryptKey);
    const decrypted = await decrypt(claims, decryptKey, { ...allowed, issuer: ISSUER });
    expect(decrypted.payload).toMatchObject({ sub: 'user-3', iss: ISSUER });

    const jws = await new SignJWT({ sub: 'user-4' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setExpirationTime('5m')
      .sign(signing.josePrivate);
    const nested = await withCount(new CompactEncrypt(utf8(jws)).setProtectedHeader({ alg, enc, cty: 'JWT' })).encrypt(encryptKey);
    const verified = await decryptThenVerify(nested, decryptKey, signing.publicKey, { decrypt: allowed, verify: { issuer: ISSUER } });
    expect(verified.payload.sub).toBe('user-4');
    expect(verified.encryptionHeader).toMatchObject(expectedHeader({ cty: 'JWT' }));
  });
});

it('covers 18 algorithms x 6 content encryptions, ECDH-ES on four curves', () => {
  expect(new Set(CASES.map((c) => c.alg)).size).toBe(18);
  expect(new Set(CASES.map((c) => c.enc)).size).toBe(6);
  expect(CASES).toHaveLength(14 * 6 + 4 * 6 * CURVES.length);
});

// The README's PBES2 note: our default count is above jose's default limit, and 10 000 is within it.
describe('PBES2 iteration counts between the two libraries', () => {
  const alg = 'PBES2-HS256+A128KW';
  const enc = 'A128GCM';
  const allowed = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };

  it("a token made with encrypt's default p2c (100 000) is refused by jose's default maxPBES2Count; p2c: 10_000 decrypts", async () => {
    const { encryptKey, jwk } = await keysFor(alg, enc);
    const password = await joseKey(jwk, alg, 'decrypt');

    const byDefault = await encryptCompact('default count', encryptKey);
    expect(JSON.parse(text(Buffer.from(byDefault.split('.')[0]!, 'base64url'))).p2c).toBe(100_000);
    await expect(compactDecrypt(byDefault, password, allowed)).rejects.toMatchObject({ code: 'ERR_JWE_INVALID' });
    // With jose's limit raised, the same token decrypts: the refusal was the count, nothing else.
    const raised = await compactDecrypt(byDefault, password, { ...allowed, maxPBES2Count: 100_000 });
    expect(text(raised.plaintext)).toBe('default count');

    const within = await encryptCompact('jose-sized count', encryptKey, { p2c: 10_000 });
    expect(text((await compactDecrypt(within, password, allowed)).plaintext)).toBe('jose-sized count');
  });
});
