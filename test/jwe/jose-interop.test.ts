/**
 * Interoperability with `jose` (a devDependency, never imported by src/): tokens webjwt encrypts,
 * jose decrypts, and the other way round, for every pair in one table. To cover a pair, add it to
 * INTEROP_PAIRS.
 */
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { decrypt, decryptCompact, encrypt, encryptCompact } from '../../src/index.js';
import { ALL_PAIRS, encryptOptionsFor, keysFor, type Pair, TEST_P2C } from './helpers.js';

/** The alg x enc pairs checked against jose. */
const INTEROP_PAIRS: readonly Pair[] = ALL_PAIRS;

// jose's key for the same material: bytes for oct keys (a CEK, a KEK or a PBES2 password), a key object otherwise.
async function joseKey(jwk: Record<string, unknown>, alg: string, which: 'encrypt' | 'decrypt') {
  if (jwk.kty === 'oct') return Buffer.from(jwk.k as string, 'base64url');
  if (which === 'decrypt') return importJWK(jwk, alg);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return importJWK(publicJwk, alg);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each(INTEROP_PAIRS)('%s with %s', (alg, enc) => {
  it('webjwt encrypts, jose decrypts', async () => {
    const { encryptKey, jwk } = await keysFor(alg, enc);
    const token = await encryptCompact('from webjwt', encryptKey, { ...encryptOptionsFor(alg), kid: 'w-1' });
    // jose decrypts PBES2 only when its algorithm is listed.
    const allowed = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
    const { plaintext, protectedHeader } = await compactDecrypt(token, await joseKey(jwk, alg, 'decrypt'), allowed);
    expect(text(plaintext)).toBe('from webjwt');
    expect(protectedHeader).toMatchObject({ alg, enc, kid: 'w-1' });

    const claims = await encrypt({ sub: 'user-1' }, encryptKey, encryptOptionsFor(alg));
    const decrypted = await compactDecrypt(claims, await joseKey(jwk, alg, 'decrypt'), allowed);
    expect(JSON.parse(text(decrypted.plaintext))).toMatchObject({ sub: 'user-1' });
  });

  it('jose encrypts, webjwt decrypts', async () => {
    const { decryptKey, jwk } = await keysFor(alg, enc);
    const builder = new CompactEncrypt(new TextEncoder().encode('from jose')).setProtectedHeader({ alg, enc, kid: 'j-1' });
    if (alg.startsWith('PBES2')) builder.setKeyManagementParameters({ p2c: TEST_P2C });
    const token = await builder.encrypt(await joseKey(jwk, alg, 'encrypt'));
    const { plaintext, header } = await decryptCompact(token, decryptKey);
    expect(text(plaintext)).toBe('from jose');
    expect(header).toMatchObject({ alg, enc, kid: 'j-1' });

    const claims = new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: 'user-2', exp: 4102444800 })));
    claims.setProtectedHeader({ alg, enc });
    if (alg.startsWith('PBES2')) claims.setKeyManagementParameters({ p2c: TEST_P2C });
    const { payload } = await decrypt(await claims.encrypt(await joseKey(jwk, alg, 'encrypt')), decryptKey);
    expect(payload.sub).toBe('user-2');
  });
});
