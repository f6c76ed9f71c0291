import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportJwk } from '../../src/keys/export.js';
import { generateKeyPair, generateSecret } from '../../src/keys/generate.js';
import { createLocalJwks } from '../../src/keys/local-jwks.js';
import { sign, signCompact, verify, type Algorithm, type JwsHeader } from '../../src/index.js';
import { code, publicOf, rfcKey } from './helpers.js';

async function pair(alg: Algorithm, kid?: string) {
  const keys = await generateKeyPair(alg, { kid });
  return { ...keys, jwk: await exportJwk(keys.publicKey) };
}

const header = (alg: Algorithm, kid?: string): JwsHeader => (kid === undefined ? { alg } : { alg, kid });

describe('createLocalJwks: picking the key', () => {
  it('picks the key by kid, and by kty/crv/alg when there is no kid', async () => {
    const rsa = await pair('RS256', 'r1');
    const ec = await pair('ES256', 'e1');
    const ed = await pair('EdDSA');
    const keys = createLocalJwks({ keys: [rsa.jwk, ec.jwk, ed.jwk] });
    const algorithms: Algorithm[] = ['RS256', 'ES256', 'EdDSA'];
    expect((await verify(await sign({ n: 1 }, rsa.privateKey), keys, { algorithms })).key.kid).toBe('r1');
    expect((await verify(await sign({ n: 2 }, ec.privateKey), keys, { algorithms })).payload.n).toBe(2);
    expect((await verify(await sign({ n: 3 }, ed.privateKey), keys, { algorithms })).payload.n).toBe(3);
  });

  it('imports a JWK without alg for the token algorithm, once per algorithm', async () => {
    const { alg: _alg, ...rsa } = publicOf(rfcKey('rfc7515-A.2-rsa'));
    const keys = createLocalJwks({ keys: [rsa] });
    const rs256 = await keys.getKey(header('RS256'));
    expect(await keys.getKey(header('RS256'))).toBe(rs256);
    const ps512 = await keys.getKey(header('PS512'));
    expect([rs256.alg, ps512.alg, rs256.type]).toEqual(['RS256', 'PS512', 'public']);
    expect(await keys.getKey(header('PS512'))).toBe(ps512);
  });

  it('uses a key set of secrets for HMAC tokens', async () => {
    const secret = await generateSecret('HS256', { kid: 's1' });
    const keys = createLocalJwks({ keys: [await exportJwk(secret), rfcKey('rfc7520-3.5-oct')] });
    expect((await verify(await sign({ ok: 1 }, secret), keys, { algorithms: ['HS256'] })).key.kid).toBe('s1');
  });

  it('accepts a token without kid against the single key that fits, even if that key has a kid', async () => {
    const ec = await pair('ES256');
    const keys = createLocalJwks({ keys: [{ ...ec.jwk, kid: 'k' }] });
    expect((await verify(await sign({ n: 1 }, ec.privateKey), keys, { algorithms: ['ES256'] })).key.kid).toBe('k');
    // The key found still has to verify the signature.
    const { privateKey: other } = await generateKeyPair('ES256');
    await expect(verify(await signCompact('x', other), keys, { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_JWS_SIGNATURE_INVALID'));
  });

  it('never guesses between several keys that fit a token without kid', async () => {
    const a = await pair('ES256');
    const b = await pair('ES256');
    const token = await sign({}, a.privateKey);
    const keys = createLocalJwks({ keys: [a.jwk, b.jwk] });
    await expect(verify(token, keys, { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    await expect(keys.getKey(header('ES256'))).rejects.toThrow(/names no kid/);
  });

  it('refuses a kid shared by several keys', async () => {
    const a = await pair('ES256', 'same');
    const b = await pair('ES256', 'same');
    const keys = createLocalJwks({ keys: [a.jwk, b.jwk] });
    await expect(keys.getKey(header('ES256', 'same'))).rejects.toThrow(/share the token's kid/);
    await expect(verify(await sign({}, a.privateKey), keys, { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
  });

  it('skips keys for other uses, algorithms, curves, kids or key_ops, and fails when none is left', async () => {
    const ec = await pair('ES256', 'k');
    const token = await sign({}, ec.privateKey);
    const misfits: JsonWebKey[] = [
      { ...ec.jwk, use: 'enc' }, { ...ec.jwk, alg: 'ES384' }, { ...ec.jwk, kid: 'other' }, { ...ec.jwk, crv: 'P-384' },
      { ...ec.jwk, key_ops: ['sign'] }, { ...ec.jwk, key_ops: 'verify' as never }, { ...ec.jwk, kty: 'RSA' },
    ];
    for (const jwk of misfits) {
      await expect(verify(token, createLocalJwks({ keys: [jwk] }), { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    }
    const fitting = createLocalJwks({ keys: [...misfits, { ...ec.jwk, key_ops: ['verify'] }] });
    await expect(verify(token, fitting, { algorithms: ['ES256'] })).resolves.toBeTruthy();
  });

  it('finds nothing for an unknown or absent header alg', async () => {
    const keys = createLocalJwks({ keys: [rfcKey('rfc7515-A.3-ec')] });
    for (const alg of ['none', 'ES999', undefined, '__proto__']) {
      await expect(keys.getKey({ alg } as never)).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    }
  });

  it('skips keys that cannot be imported instead of failing the set', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as JsonWebKey;
    const good = await pair('RS256');
    const keys = createLocalJwks({ keys: [{ ...small, kid: 'old' }, { ...good.jwk, kid: 'new' }] });
    expect((await keys.getKey(header('RS256', 'new'))).kid).toBe('new');
    await expect(keys.getKey(header('RS256', 'old'))).rejects.toThrow(/No usable key.*at least 2048 bits/);
    await expect(keys.getKey(header('RS256', 'old'))).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    // Without a kid, the one usable key is the one.
    const { kid: _kid, ...anonymous } = good.jwk;
    const noKids = createLocalJwks({ keys: [small, anonymous] });
    await expect(verify(await sign({}, good.privateKey), noKids, { algorithms: ['RS256'] })).resolves.toBeTruthy();
    // A bad EC point is skipped too.
    const badPoint = { ...publicOf(rfcKey('rfc7515-A.3-ec')), x: 'AAAA' };
    await expect(createLocalJwks({ keys: [badPoint] }).getKey(header('ES256'))).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
  });

  it('uses only the public members of a private JWK in the set', async () => {
    const { privateKey } = await generateKeyPair('ES256', { kid: 'p', extractable: true });
    const privateJwk = await exportJwk(privateKey);
    const result = await verify(await sign({}, privateKey), createLocalJwks({ keys: [privateJwk] }), { algorithms: ['ES256'] });
    expect(result.key.type).toBe('public');
  });

  it('is not changed by later edits to the document', async () => {
    const ec = await pair('ES256', 'k');
    const document = { keys: [{ ...ec.jwk }] };
    const keys = createLocalJwks(document);
    document.keys[0]!.kid = 'edited';
    document.keys.push(rfcKey('rfc7515-A.3-ec'));
    expect((await keys.getKey(header('ES256', 'k'))).kid).toBe('k');
  });
});

describe('createLocalJwks: the document', () => {
  it('ignores entries that are not objects, and refuses documents that are not a JWKS', async () => {
    const ec = await pair('ES256');
    const keys = createLocalJwks({ keys: [null, 'x', 1, [], ec.jwk] as never });
    await expect(verify(await sign({}, ec.privateKey), keys, { algorithms: ['ES256'] })).resolves.toBeTruthy();
    for (const bad of [null, undefined, 'x', {}, { keys: {} }, { keys: 'x' }, [], [ec.jwk]]) {
      expect(() => createLocalJwks(bad as never)).toThrow(code('ERR_INVALID_ARGUMENT'));
    }
    await expect(createLocalJwks({ keys: [] }).getKey(header('ES256'))).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
  });

  it('refuses a set mixing secrets and public keys', () => {
    expect(() => createLocalJwks({ keys: [rfcKey('rfc7515-A.1-oct'), rfcKey('rfc7515-A.3-ec')] })).toThrow(code('ERR_KEY_INVALID'));
  });

  it('never uses a key embedded in the token header', async () => {
    const real = await pair('ES256', 'real');
    const attacker = await pair('ES256', 'real');
    for (const embedded of [{ jwk: attacker.jwk }, { jku: 'https://attacker.invalid/jwks' }, { x5c: ['MIIB'] }, { x5u: 'https://a.invalid' }]) {
      const token = await sign({ admin: true }, attacker.privateKey, { header: embedded });
      await expect(verify(token, createLocalJwks({ keys: [real.jwk] }), { algorithms: ['ES256'] })).rejects.toEqual(code('ERR_JWS_SIGNATURE_INVALID'));
    }
  });
});

describe('createLocalJwks getKey arguments', () => {
  it('a missing header is ERR_INVALID_ARGUMENT', async () => {
    const { createLocalJwks } = await import('../../src/index.js');
    await expect(createLocalJwks({ keys: [] }).getKey(undefined as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
