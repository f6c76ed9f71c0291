import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../src/jwe/algorithms.js';
import { makeJweKey } from '../../src/jwe/key.js';
import { concatKdf } from '../../src/jwe/key-management/concat-kdf.js';
import { ecdhCurve } from '../../src/jwe/key-management/ecdh-curves.js';
import { readEphemeralKey } from '../../src/jwe/key-management/ecdh-epk.js';
import { agreeWithEpk, ecdhEs } from '../../src/jwe/key-management/ecdh-es.js';
import { bufferSource } from '../../src/jwe/subtle.js';
import cookbook54 from '../fixtures/jwe/cookbook/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json' with { type: 'json' };
import cookbook55 from '../fixtures/jwe/cookbook/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json' with { type: 'json' };
import cookbookX25519 from '../fixtures/jwe/cookbook/x25519-ecdh-es.json' with { type: 'json' };
import p256 from '../fixtures/jwe/ecdh_secp256r1_epk.json' with { type: 'json' };
import p384 from '../fixtures/jwe/ecdh_secp384r1_epk.json' with { type: 'json' };
import p521 from '../fixtures/jwe/ecdh_secp521r1_epk.json' with { type: 'json' };
import x25519 from '../fixtures/jwe/x25519_test.json' with { type: 'json' };
import { b64u, code, FAILED, hex, importJweKey, jwePair, LIMITS, spec, toB64u, toHex } from './asymmetric-helpers.js';

// PKCS#8 PrivateKeyInfo prefixes for a bare private scalar (the runtime computes the public point).
const PKCS8_PREFIX = {
  'P-256': '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420',
  'P-384': '304e020100301006072a8648ce3d020106052b81040022043730350201010430',
  'P-521': '3060020100301006072a8648ce3d020106052b81040023044930470201010442',
  X25519: '302e020100300506032b656e04220420',
} as const;

async function privateFromScalar(crv: keyof typeof PKCS8_PREFIX, scalarHex: string): Promise<CryptoKey> {
  const params = crv === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: crv };
  return crypto.subtle.importKey('pkcs8', hex(PKCS8_PREFIX[crv] + scalarHex), params, false, ['deriveBits']);
}

async function privateFromJwk(jwk: JsonWebKey): Promise<CryptoKey> {
  const params = jwk.kty === 'OKP' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: jwk.crv! };
  const { kty, crv, x, y, d } = jwk;
  return crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, params, false, ['deriveBits']);
}

const decodeHeader = (b64: string) => JSON.parse(Buffer.from(b64, 'base64url').toString('utf8')) as Record<string, unknown>;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ECDH-ES: RFC 7520 (JOSE cookbook) and RFC 7518 appendix C', () => {
  it('5.4 ECDH-ES+A128KW on P-384: its private key and epk give exactly its CEK', async () => {
    const key = await importJweKey(cookbook54.input.key, 'ECDH-ES+A128KW', 'A128GCM');
    const header = decodeHeader(cookbook54.encrypting_content.protected_b64u);
    const cek = await ecdhEs.decrypt(spec('ECDH-ES+A128KW'), key, 'A128GCM', b64u(cookbook54.encrypting_key.encrypted_key), header, LIMITS);
    expect(toB64u(cek)).toBe(cookbook54.generated.cek);
  });

  it('5.5 ECDH-ES on P-256: its private key and epk derive exactly its CEK', async () => {
    const key = await importJweKey(cookbook55.input.key, 'ECDH-ES', 'A128CBC-HS256');
    const header = decodeHeader(cookbook55.encrypting_content.protected_b64u);
    const cek = await ecdhEs.decrypt(spec('ECDH-ES'), key, 'A128CBC-HS256', new Uint8Array(0), header, LIMITS);
    expect(toB64u(cek)).toBe(cookbook55.encrypting_key.cek);
  });

  it("5.5 from the sender's side: the ephemeral private key and the recipient's public key derive the same CEK", async () => {
    const { d: _d, ...recipientPublic } = cookbook55.input.key;
    const recipient = await crypto.subtle.importKey('jwk', { ...recipientPublic, key_ops: [], use: undefined }, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
    const ephemeral = await privateFromJwk(cookbook55.encrypting_key.epk);
    const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral, 256));
    const none = new Uint8Array(0);
    const cek = await concatKdf(z, { algorithmId: 'A128CBC-HS256', keyBits: 256, partyUInfo: none, partyVInfo: none });
    expect(toB64u(cek)).toBe(cookbook55.encrypting_key.cek);
  });

  it('X25519 (cookbook curve25519 example): the derived CEK decrypts its ciphertext to its plaintext', async () => {
    // The example's listed CEK is copied from 5.5 ("reproducible": false), so the proof is the content itself.
    const key = await importJweKey(cookbookX25519.input.key, 'ECDH-ES', 'A128GCM');
    const { protected_b64u, ciphertext, tag } = cookbookX25519.encrypting_content;
    const cek = await ecdhEs.decrypt(spec('ECDH-ES'), key, 'A128GCM', new Uint8Array(0), decodeHeader(protected_b64u), LIMITS);
    const aes = await crypto.subtle.importKey('raw', bufferSource(cek), 'AES-GCM', false, ['decrypt']);
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: b64u(cookbookX25519.generated.iv), additionalData: new TextEncoder().encode(protected_b64u) },
      aes,
      new Uint8Array([...b64u(ciphertext), ...b64u(tag)]),
    );
    expect(new TextDecoder().decode(plaintext)).toBe(cookbookX25519.input.plaintext);
  });

  it("X25519: the example's keys are RFC 7748 section 6.1's Alice and Bob, with its shared secret", async () => {
    const bob = await privateFromJwk(cookbookX25519.input.key);
    const { d: _d, ...alicePublic } = cookbookX25519.encrypting_key.epk;
    expect(toHex(await agreeWithEpk(bob, alicePublic))).toBe('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  });

  it("RFC 7518 appendix C: Bob's key, Alice's epk, apu \"Alice\", apv \"Bob\" give its key", async () => {
    const bob = { kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck', d: 'VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw' };
    const epk = { kty: 'EC', crv: 'P-256', x: 'gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', y: 'SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps' };
    const key = await importJweKey(bob, 'ECDH-ES', 'A128GCM');
    const header = { alg: 'ECDH-ES', enc: 'A128GCM', apu: 'QWxpY2U', apv: 'Qm9i', epk };
    const cek = await ecdhEs.decrypt(spec('ECDH-ES'), key, 'A128GCM', new Uint8Array(0), header, LIMITS);
    expect(toB64u(cek)).toBe('VqqN6vgjbSBcIijNcacQGg');
  });
});

describe('ECDH on P-256, P-384, P-521: Wycheproof ecdh_secp*_test at the epk check and agreement', () => {
  for (const file of [p256, p384, p521]) {
    const crv = file.crv as 'P-256' | 'P-384' | 'P-521';
    const curve = ecdhCurve(crv)!;
    for (const test of file.tests) {
      it(`${crv} tcId ${test.tcId} (${test.result}, ${test.flags.join(', ')}${test.comment ? `: ${test.comment}` : ''})`, async () => {
        const privateKey = await privateFromScalar(crv, test.private);
        if (test.result === 'valid') {
          expect(toHex(await agreeWithEpk(privateKey, test.epk))).toBe(test.shared);
          return;
        }
        // Refused by our own check, before the runtime sees the point: another curve or off the curve.
        expect(() => readEphemeralKey(test.epk, curve)).toThrow(expect.objectContaining(FAILED));
        await expect(agreeWithEpk(privateKey, test.epk)).rejects.toMatchObject(FAILED);
      });
    }
  }
});

describe('X25519: Wycheproof x25519_test', () => {
  for (const test of x25519.tests) {
    it(`tcId ${test.tcId} (${test.result}, ${test.flags.join(', ')})`, async () => {
      const privateKey = await privateFromScalar('X25519', test.private);
      const epk = { kty: 'OKP', crv: 'X25519', x: toB64u(hex(test.public)) };
      if (test.flags.includes('ZeroSharedSecret')) {
        // Low-order points (RFC 7748 section 6.1): refused, never a zero key.
        await expect(agreeWithEpk(privateKey, epk)).rejects.toMatchObject(FAILED);
        return;
      }
      expect(toHex(await agreeWithEpk(privateKey, epk))).toBe(test.shared);
    });
  }

  it('covers 31 low-order points', () => {
    expect(x25519.tests.filter((test) => test.flags.includes('ZeroSharedSecret'))).toHaveLength(31);
  });

  it('x25519_jwk_test invalid public keys: another curve is a decryption failure, a missing member malformed', async () => {
    const privateKey = await privateFromScalar('X25519', '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    expect(x25519.jwkInvalid).toHaveLength(13);
    for (const test of x25519.jwkInvalid) {
      const epk = test.epk as Record<string, unknown>;
      const complete = typeof epk.kty === 'string' && typeof epk.crv === 'string' && epk.x !== undefined;
      await expect(agreeWithEpk(privateKey, epk)).rejects.toMatchObject(complete ? FAILED : { code: 'ERR_JWT_MALFORMED' });
    }
  });

  it('refuses an all-zero shared secret even from a runtime that would return one', async () => {
    const privateKey = await privateFromScalar('X25519', '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const epk = { kty: 'OKP', crv: 'X25519', x: 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' };
    vi.spyOn(crypto.subtle, 'deriveBits').mockResolvedValue(new ArrayBuffer(32));
    await expect(agreeWithEpk(privateKey, epk)).rejects.toMatchObject(FAILED);
  });
});

describe('ecdhEs family: round trips', () => {
  const ALGS: [KeyManagementAlgorithm, ContentEncryptionAlgorithm, number][] = [
    ['ECDH-ES', 'A128GCM', 16],
    ['ECDH-ES', 'A256CBC-HS512', 64],
    ['ECDH-ES+A128KW', 'A128GCM', 16],
    ['ECDH-ES+A192KW', 'A192CBC-HS384', 48],
    ['ECDH-ES+A256KW', 'A256GCM', 32],
  ];
  for (const crv of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
    for (const [alg, enc, cekBytes] of ALGS) {
      it(`${alg} with ${enc} on ${crv}`, async () => {
        const { publicKey, privateKey } = await jwePair(alg, enc, { crv });
        const apu = new TextEncoder().encode('Alice');
        const first = await ecdhEs.encrypt(spec(alg), publicKey, enc, { apu });
        const second = await ecdhEs.encrypt(spec(alg), publicKey, enc, {});
        expect(first.cek.length).toBe(cekBytes);
        expect(first.cek).not.toEqual(second.cek);
        expect(first.encryptedKey.length).toBe(alg === 'ECDH-ES' ? 0 : cekBytes + 8);
        const epk = first.parameters.epk as Record<string, string>;
        expect(Object.keys(epk)).toEqual(crv === 'X25519' ? ['kty', 'crv', 'x'] : ['kty', 'crv', 'x', 'y']);
        expect(epk).toMatchObject({ kty: crv === 'X25519' ? 'OKP' : 'EC', crv });
        expect(first.parameters.apu).toBe('QWxpY2U');
        expect(first.parameters).not.toHaveProperty('apv');
        expect(second.parameters).not.toHaveProperty('apu');
        const header = { alg, enc, ...first.parameters };
        expect(await ecdhEs.decrypt(spec(alg), privateKey, enc, first.encryptedKey, header, LIMITS)).toEqual(first.cek);
      });
    }
  }

  it('apu and apv are bound into the key: changed, ECDH-ES derives another CEK and ECDH-ES+KW fails', async () => {
    const apv = new TextEncoder().encode('Bob');
    const direct = await jwePair('ECDH-ES', 'A128GCM');
    const made = await ecdhEs.encrypt(spec('ECDH-ES'), direct.publicKey, 'A128GCM', { apv });
    expect(made.parameters.apv).toBe('Qm9i');
    const other = await ecdhEs.decrypt(spec('ECDH-ES'), direct.privateKey, 'A128GCM', made.encryptedKey, { ...made.parameters, apv: 'Qm9j' }, LIMITS);
    expect(other).not.toEqual(made.cek);
    const wrapped = await jwePair('ECDH-ES+A128KW', 'A128GCM');
    const kw = await ecdhEs.encrypt(spec('ECDH-ES+A128KW'), wrapped.publicKey, 'A128GCM', { apv });
    await expect(
      ecdhEs.decrypt(spec('ECDH-ES+A128KW'), wrapped.privateKey, 'A128GCM', kw.encryptedKey, { ...kw.parameters, apv: undefined }, LIMITS),
    ).rejects.toMatchObject(FAILED);
  });

  it('the enc (ECDH-ES) and the alg (ECDH-ES+KW) are bound into the key', async () => {
    const { publicKey, privateKey } = await jwePair('ECDH-ES', 'A256GCM');
    const made = await ecdhEs.encrypt(spec('ECDH-ES'), publicKey, 'A256GCM', {});
    // Same length, other enc: another CEK (the content step then fails).
    const other = await ecdhEs.decrypt(spec('ECDH-ES'), privateKey, 'A128CBC-HS256', new Uint8Array(0), made.parameters, LIMITS);
    expect(other.length).toBe(32);
    expect(other).not.toEqual(made.cek);
  });

  it('a wrong private key fails with the one decryption error (ECDH-ES+KW)', async () => {
    const one = await jwePair('ECDH-ES+A256KW', 'A256GCM');
    const two = await jwePair('ECDH-ES+A256KW', 'A256GCM');
    const made = await ecdhEs.encrypt(spec('ECDH-ES+A256KW'), one.publicKey, 'A256GCM', {});
    await expect(ecdhEs.decrypt(spec('ECDH-ES+A256KW'), two.privateKey, 'A256GCM', made.encryptedKey, made.parameters, LIMITS)).rejects.toMatchObject(FAILED);
  });
});

describe('ecdhEs family: refusals', () => {
  async function p256Direct() {
    const pair = await jwePair('ECDH-ES', 'A128GCM');
    const made = await ecdhEs.encrypt(spec('ECDH-ES'), pair.publicKey, 'A128GCM', {});
    const decrypt = (header: Record<string, unknown>, encryptedKey = new Uint8Array(0)) =>
      ecdhEs.decrypt(spec('ECDH-ES'), pair.privateKey, 'A128GCM', encryptedKey, header, LIMITS);
    return { ...pair, made, epk: made.parameters.epk as Record<string, string>, decrypt };
  }

  it('a missing epk, or one that is not an object, is ERR_JWT_MALFORMED', async () => {
    const { decrypt } = await p256Direct();
    await expect(decrypt({})).rejects.toMatchObject({ code: 'ERR_JWT_MALFORMED', message: expect.stringContaining('"epk"') });
    for (const epk of [null, 'epk', 42, ['EC'], true]) await expect(decrypt({ epk })).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('an epk without string kty and crv is ERR_JWT_MALFORMED', async () => {
    const { decrypt, epk } = await p256Direct();
    await expect(decrypt({ epk: { ...epk, kty: undefined } })).rejects.toEqual(code('ERR_JWT_MALFORMED'));
    await expect(decrypt({ epk: { ...epk, crv: 256 } })).rejects.toEqual(code('ERR_JWT_MALFORMED'));
  });

  it('an epk of another curve or key type is the one decryption error', async () => {
    const { decrypt, epk } = await p256Direct();
    const p384 = await jwePair('ECDH-ES', 'A128GCM', { crv: 'P-384' });
    const other = (await ecdhEs.encrypt(spec('ECDH-ES'), p384.publicKey, 'A128GCM', {})).parameters.epk;
    await expect(decrypt({ epk: other })).rejects.toMatchObject(FAILED);
    await expect(decrypt({ epk: { ...epk, crv: 'P-384' } })).rejects.toMatchObject(FAILED);
    await expect(decrypt({ epk: { ...epk, kty: 'OKP' } })).rejects.toMatchObject(FAILED);
    await expect(decrypt({ epk: { kty: 'OKP', crv: 'X25519', x: epk.x } })).rejects.toMatchObject(FAILED);
  });

  it('a point off the curve is the one decryption error (the invalid-curve attack)', async () => {
    const { decrypt, epk } = await p256Direct();
    const y = b64u(epk.y!);
    y[31]! ^= 1;
    await expect(decrypt({ epk: { ...epk, y: toB64u(y) } })).rejects.toMatchObject(FAILED);
    await expect(decrypt({ epk: { ...epk, x: toB64u(new Uint8Array(32)), y: toB64u(new Uint8Array(32)) } })).rejects.toMatchObject(FAILED);
  });

  it('coordinates of the wrong length, missing or not base64url are ERR_JWT_MALFORMED', async () => {
    const { decrypt, epk } = await p256Direct();
    const x = b64u(epk.x!);
    for (const bad of [
      { ...epk, x: toB64u(x.subarray(1)) },
      { ...epk, x: toB64u(new Uint8Array([0, ...x])) },
      { ...epk, y: undefined },
      { ...epk, x: `${epk.x}=` },
      { ...epk, y: 12 },
    ]) {
      await expect(decrypt({ epk: bad })).rejects.toMatchObject({ code: 'ERR_JWT_MALFORMED', message: expect.stringMatching(/"epk" member "[xy]" must be 32 bytes/) });
    }
  });

  it('X25519: an x of the wrong length is malformed; a low-order point is the one decryption error', async () => {
    const { publicKey, privateKey } = await jwePair('ECDH-ES', 'A128GCM', { crv: 'X25519' });
    const made = await ecdhEs.encrypt(spec('ECDH-ES'), publicKey, 'A128GCM', {});
    const decrypt = (epk: unknown) => ecdhEs.decrypt(spec('ECDH-ES'), privateKey, 'A128GCM', new Uint8Array(0), { epk }, LIMITS);
    const x = b64u((made.parameters.epk as { x: string }).x);
    await expect(decrypt({ kty: 'OKP', crv: 'X25519', x: toB64u(x.subarray(1)) })).rejects.toEqual(code('ERR_JWT_MALFORMED'));
    const lowOrder = ['00'.repeat(32), `01${'00'.repeat(31)}`, 'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'];
    for (const point of lowOrder) await expect(decrypt({ kty: 'OKP', crv: 'X25519', x: toB64u(hex(point)) })).rejects.toMatchObject(FAILED);
  });

  it('apu or apv that is not base64url is ERR_JWT_MALFORMED', async () => {
    const { decrypt, made } = await p256Direct();
    for (const bad of [{ apu: 'QWxpY2U=' }, { apv: 42 }, { apu: 'a b' }]) {
      await expect(decrypt({ ...made.parameters, ...bad })).rejects.toMatchObject({ code: 'ERR_JWT_MALFORMED', message: expect.stringMatching(/"ap[uv]" is not base64url/) });
    }
  });

  it('a public key cannot decrypt and a private key cannot encrypt (ERR_KEY_INVALID)', async () => {
    const { publicKey, privateKey, made } = await p256Direct();
    await expect(ecdhEs.decrypt(spec('ECDH-ES'), publicKey, 'A128GCM', new Uint8Array(0), made.parameters, LIMITS)).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: "Only the recipient's private key decrypts with ECDH-ES",
    });
    await expect(ecdhEs.encrypt(spec('ECDH-ES'), privateKey, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a key of another alg is refused (ERR_KEY_INVALID)', async () => {
    const { publicKey, privateKey, made } = await p256Direct();
    await expect(ecdhEs.encrypt(spec('ECDH-ES+A128KW'), publicKey, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
    await expect(ecdhEs.decrypt(spec('ECDH-ES+A128KW'), privateKey, 'A128GCM', new Uint8Array(24), made.parameters, LIMITS)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a JWE key whose CryptoKey is not an ECDH key is refused (ERR_KEY_INVALID)', async () => {
    const rsa = (await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['encrypt', 'decrypt'],
    )) as CryptoKeyPair;
    const key = makeJweKey({ alg: 'ECDH-ES', enc: 'A128GCM', type: 'public' }, { kind: 'crypto', cryptoKey: rsa.publicKey });
    await expect(ecdhEs.encrypt(spec('ECDH-ES'), key, 'A128GCM', {})).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'The key is not an ECDH key for ECDH-ES',
    });
  });

  it('agreeWithEpk refuses a key that is not an ECDH private key', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const epk = { kty: 'EC', crv: 'P-256', x: 'gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', y: 'SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps' };
    await expect(agreeWithEpk(pair.publicKey, epk)).rejects.toEqual(code('ERR_KEY_INVALID'));
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await expect(agreeWithEpk(hmac, epk)).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a runtime that cannot make the ephemeral key gives ERR_KEY_INVALID, not its own exception', async () => {
    const { publicKey } = await jwePair('ECDH-ES', 'A128GCM', { crv: 'X25519' });
    vi.spyOn(crypto.subtle, 'generateKey').mockRejectedValue(new DOMException('Unrecognized name.', 'NotSupportedError'));
    await expect(ecdhEs.encrypt(spec('ECDH-ES'), publicKey, 'A128GCM', {})).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'An ephemeral X25519 key cannot be generated in this runtime',
    });
  });

  it("a recipient's public key that agrees on zero is refused when encrypting", async () => {
    const { publicKey } = await jwePair('ECDH-ES', 'A128GCM', { crv: 'X25519' });
    vi.spyOn(crypto.subtle, 'deriveBits').mockResolvedValue(new ArrayBuffer(32));
    await expect(ecdhEs.encrypt(spec('ECDH-ES'), publicKey, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
