import { describe, expect, it } from 'vitest';
import { exportJwk } from '../../src/keys/export.js';
import { generateKeyPair, generateSecret } from '../../src/keys/generate.js';
import { importKey } from '../../src/keys/import.js';
import { calculateJwkThumbprint } from '../../src/keys/thumbprint.js';
import { code, publicOf, rfcKey } from './helpers.js';

// RFC 7638 section 3.1.
const RFC7638_JWK = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

describe('calculateJwkThumbprint', () => {
  it('matches RFC 7638 section 3.1, for the JWK and for the imported key', async () => {
    const expected = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    expect(await calculateJwkThumbprint(RFC7638_JWK)).toBe(expected);
    expect(await calculateJwkThumbprint(await importKey(RFC7638_JWK, 'RS256'))).toBe(expected);
  });

  it('ignores optional members and member order', async () => {
    const reordered = { kid: 'other', use: 'sig', e: RFC7638_JWK.e, n: RFC7638_JWK.n, kty: 'RSA', x5t: 'ignored' };
    expect(await calculateJwkThumbprint(reordered)).toBe(await calculateJwkThumbprint(RFC7638_JWK));
  });

  it('is the same for a key, its private half and its JWK, and differs per hash', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = await exportJwk(publicKey);
    const t = await calculateJwkThumbprint(jwk);
    expect(await calculateJwkThumbprint(publicKey)).toBe(t);
    expect(await calculateJwkThumbprint(privateKey)).toBe(t);
    expect(await calculateJwkThumbprint(jwk, 'SHA-384')).toHaveLength(64);
    expect(await calculateJwkThumbprint(jwk, 'SHA-512')).toHaveLength(86);
  });

  it('covers every key type: EC, OKP (RFC 8037 A.3) and oct', async () => {
    expect(await calculateJwkThumbprint(publicOf(rfcKey('rfc8037-A.1-okp')))).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(await calculateJwkThumbprint(rfcKey('rfc7515-A.3-ec'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await calculateJwkThumbprint(await generateSecret('HS256'))).toHaveLength(43);
    expect(await calculateJwkThumbprint(rfcKey('rfc7515-A.1-oct'))).not.toBe(await calculateJwkThumbprint(rfcKey('rfc7520-3.5-oct')));
  });

  it('refuses JWKs without their required members, unknown kty, and unknown hashes', async () => {
    const refused = [
      { kty: 'EC', crv: 'P-256', x: 'AA' }, { kty: 'RSA', n: 'AA', e: 1 }, { kty: 'OKP', crv: 'Ed25519', x: '' },
      { kty: 'constructor' }, { kty: '__proto__' }, {}, 'x', null, [],
    ];
    for (const jwk of refused) await expect(calculateJwkThumbprint(jwk as never)).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(calculateJwkThumbprint({ kty: 'oct', k: 'AA' }, 'MD5' as never)).rejects.toEqual(code('ERR_INVALID_ARGUMENT'));
  });

  it('refuses a key it cannot read: a non-extractable secret', async () => {
    await expect(calculateJwkThumbprint(await importKey('x'.repeat(32), 'HS256'))).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
