/**
 * encrypt / decrypt: claims built as sign builds them, checked as verify checks them (times,
 * issuer, audience, typ, required claims, revocation), and a nested token refused with a pointer
 * to decryptThenVerify.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  encryptCompact,
  generateEncryptionKey,
  type JweKey,
  MemoryRevocationStore,
  signThenEncrypt,
  generateSecret,
} from '../../src/index.js';
import { rejection, split } from './helpers.js';

const NOW = 1_764_460_800_000; // 2025-11-30T00:00:00Z
const clock = () => NOW;
let key: JweKey;

beforeAll(async () => {
  key = await generateEncryptionKey('A256KW', 'A256GCM', { kid: 'enc-1' });
});

describe('encrypt', () => {
  it('adds the claim options as sign does, with typ JWT', async () => {
    const token = await encrypt({ sub: 'user-1', role: 'admin' }, key, {
      clock,
      expiresIn: '15m',
      notBefore: 10,
      issuer: 'https://auth.example',
      audience: ['api', 'web'],
      jwtId: 'id-1',
    });
    expect(split(token).header).toEqual({ alg: 'A256KW', enc: 'A256GCM', kid: 'enc-1', typ: 'JWT' });
    const { payload, header, key: used } = await decrypt(token, key, { clock: () => NOW + 20_000 });
    expect(payload).toEqual({
      sub: 'user-1',
      role: 'admin',
      iss: 'https://auth.example',
      aud: ['api', 'web'],
      iat: NOW / 1000,
      exp: NOW / 1000 + 900,
      nbf: NOW / 1000 + 10,
      jti: 'id-1',
    });
    expect(header.typ).toBe('JWT');
    expect(used).toBe(key);
  });

  it('typ: an explicit option or header member wins; null leaves it out', async () => {
    expect(split(await encrypt({}, key, { typ: 'at+jwt' })).header.typ).toBe('at+jwt');
    expect(split(await encrypt({}, key, { header: { typ: 'x' } })).header.typ).toBe('x');
    expect(split(await encrypt({}, key, { typ: null })).header.typ).toBeUndefined();
  });

  it('refuses what sign refuses', async () => {
    await rejection(encrypt({ exp: NOW } as never, key), 'ERR_INVALID_ARGUMENT'); // milliseconds
    await rejection(encrypt('claims' as never, key), 'ERR_INVALID_ARGUMENT');
    await rejection(encrypt({ sub: 1 } as never, key), 'ERR_INVALID_ARGUMENT');
    await rejection(encrypt({}, key, { jwtId: '' }), 'ERR_INVALID_ARGUMENT');
  });

  it('jwtId: true makes a random jti per token', async () => {
    const a = await decrypt(await encrypt({}, key, { jwtId: true }), key);
    const b = await decrypt(await encrypt({}, key, { jwtId: true }), key);
    expect(a.payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.payload.jti).not.toBe(b.payload.jti);
  });
});

describe('decrypt checks the claims inside a JWE', () => {
  it('an expired token', async () => {
    const token = await encrypt({ sub: 'a' }, key, { clock, expiresIn: 60 });
    const error = await rejection(decrypt(token, key, { clock: () => NOW + 61_000 }), 'ERR_JWT_EXPIRED');
    expect((error as unknown as { claim: string }).claim).toBe('exp');
    expect((await decrypt(token, key, { clock: () => NOW + 61_000, clockTolerance: 5 })).payload.sub).toBe('a');
  });

  it('a token not valid yet', async () => {
    const token = await encrypt({}, key, { clock, notBefore: '1h' });
    await rejection(decrypt(token, key, { clock }), 'ERR_JWT_NOT_YET_VALID');
  });

  it('maxAge', async () => {
    const token = await encrypt({}, key, { clock });
    await rejection(decrypt(token, key, { clock: () => NOW + 120_000, maxAge: '1m' }), 'ERR_JWT_EXPIRED');
  });

  it('issuer, audience, subject, required claims, typ', async () => {
    const token = await encrypt({ sub: 'user-1' }, key, { issuer: 'https://a.example', audience: 'api' });
    await rejection(decrypt(token, key, { issuer: 'https://b.example' }), 'ERR_JWT_CLAIM_INVALID');
    await rejection(decrypt(token, key, { audience: 'other' }), 'ERR_JWT_CLAIM_INVALID');
    await rejection(decrypt(token, key, { subject: 'user-2' }), 'ERR_JWT_CLAIM_INVALID');
    await rejection(decrypt(token, key, { requiredClaims: ['email'] }), 'ERR_JWT_CLAIM_MISSING');
    await rejection(decrypt(token, key, { typ: 'at+jwt' }), 'ERR_JWT_CLAIM_INVALID');
    const ok = await decrypt(token, key, { issuer: 'https://a.example', audience: ['api'], subject: 'user-1', typ: 'application/jwt' });
    expect(ok.payload.aud).toBe('api');
  });

  it('registered claims of the wrong type', async () => {
    const token = await encryptCompact(JSON.stringify({ exp: 'never' }), key);
    await rejection(decrypt(token, key), 'ERR_JWT_CLAIM_INVALID');
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['a repeated claim', '{"sub":"a","sub":"b"}'],
    ['a repeated nested claim', '{"cnf":{"jkt":"a","jkt":"b"}}'],
  ])('a plaintext that is %s is malformed', async (_what, text) => {
    await rejection(decrypt(await encryptCompact(text, key), key), 'ERR_JWT_MALFORMED');
  });

  it('a plaintext that is not UTF-8 is malformed', async () => {
    await rejection(decrypt(await encryptCompact(Uint8Array.from([0x7b, 0xff, 0x7d]), key), key), 'ERR_JWT_MALFORMED');
  });
});

describe('revocation', () => {
  it('a revoked jti is refused', async () => {
    const revocation = new MemoryRevocationStore();
    const token = await encrypt({ sub: 'a' }, key, { jwtId: 'revoked-1', expiresIn: '1h' });
    expect((await decrypt(token, key, { revocation })).payload.jti).toBe('revoked-1');
    await revocation.revoke('revoked-1', Math.floor(Date.now() / 1000) + 3600);
    await rejection(decrypt(token, key, { revocation }), 'ERR_JWT_REVOKED');
  });

  it('without a jti when a store is given: refused unless requireJti is false', async () => {
    const revocation = new MemoryRevocationStore();
    const token = await encrypt({ sub: 'a' }, key);
    await rejection(decrypt(token, key, { revocation }), 'ERR_JWT_CLAIM_MISSING');
    expect((await decrypt(token, key, { revocation, requireJti: false })).payload.sub).toBe('a');
  });

  it('a store that fails is a closed door', async () => {
    const token = await encrypt({}, key, { jwtId: true });
    const broken = { isRevoked: () => Promise.reject(new Error('down')), revoke: () => undefined };
    await rejection(decrypt(token, key, { revocation: broken }), 'ERR_REVOCATION_UNAVAILABLE');
    const slow = { isRevoked: () => new Promise<boolean>(() => undefined), revoke: () => undefined };
    await rejection(decrypt(token, key, { revocation: slow, revocationTimeoutMs: 20 }), 'ERR_REVOCATION_UNAVAILABLE');
  });
});

describe('nested tokens', () => {
  it('decrypt refuses a nested (signed, then encrypted) token and points to decryptThenVerify', async () => {
    const signing = await generateSecret('HS256');
    const token = await signThenEncrypt({ sub: 'a' }, signing, key);
    const error = await rejection(decrypt(token, key), 'ERR_JWT_MALFORMED');
    expect(error.message).toBe('Malformed token: the token is a nested JWT (cty: "JWT"): decrypt and verify it with decryptThenVerify');
  });

  it.each(['JWT', 'jwt', 'application/JWT'])('whatever the spelling of cty (%s)', async (cty) => {
    const token = await encryptCompact(JSON.stringify({ sub: 'a' }), key, { cty });
    await rejection(decrypt(token, key), 'ERR_JWT_MALFORMED');
  });

  it('another cty is fine', async () => {
    const token = await encryptCompact(JSON.stringify({ sub: 'a' }), key, { cty: 'json' });
    expect((await decrypt(token, key)).payload.sub).toBe('a');
  });
});
