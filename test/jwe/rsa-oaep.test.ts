import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../src/jwe/algorithms.js';
import { jweKeyMaterial, makeJweKey } from '../../src/jwe/key.js';
import { oaepDecrypt, rsaOaep } from '../../src/jwe/key-management/rsa-oaep.js';
import cookbook52 from '../fixtures/jwe/cookbook/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json' with { type: 'json' };
import sha1 from '../fixtures/jwe/rsa_oaep_2048_sha1_mgf1sha1_test.json' with { type: 'json' };
import sha256 from '../fixtures/jwe/rsa_oaep_2048_sha256_mgf1sha256_test.json' with { type: 'json' };
import { b64u, code, FAILED, hex, importJweKey, jwePair, LIMITS, spec, toB64u, toHex } from './asymmetric-helpers.js';

function cryptoKeyOf(key: Parameters<typeof jweKeyMaterial>[0]): CryptoKey {
  const material = jweKeyMaterial(key);
  if (material?.kind !== 'crypto') throw new Error('not a crypto key');
  return material.cryptoKey;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RSA-OAEP: RFC 7520 section 5.2 (JOSE cookbook)', () => {
  it('its RSA private JWK decrypts its encrypted key to exactly its CEK', async () => {
    const key = await importJweKey(cookbook52.input.key, 'RSA-OAEP', 'A256GCM');
    const cek = await rsaOaep.decrypt(spec('RSA-OAEP'), key, 'A256GCM', b64u(cookbook52.encrypting_key.encrypted_key), {}, LIMITS);
    expect(toB64u(cek)).toBe(cookbook52.generated.cek);
  });

  it('the same key imported for RSA-OAEP-256 fails with the one decryption error (the hash is bound)', async () => {
    const { alg: _alg, ...jwk } = cookbook52.input.key;
    const key = await importJweKey(jwk, 'RSA-OAEP-256', 'A256GCM');
    await expect(
      rsaOaep.decrypt(spec('RSA-OAEP-256'), key, 'A256GCM', b64u(cookbook52.encrypting_key.encrypted_key), {}, LIMITS),
    ).rejects.toMatchObject(FAILED);
  });
});

describe('RSA-OAEP: Wycheproof', () => {
  for (const [file, alg] of [
    [sha1, 'RSA-OAEP'],
    [sha256, 'RSA-OAEP-256'],
  ] as const) {
    const group = file.testGroups[0]!;

    it(`${alg}: the file is one 2048-bit group with MGF1 on the same hash`, () => {
      expect(file.testGroups).toHaveLength(1);
      expect(group.keySize).toBe(2048);
      expect(group.mgfSha).toBe(group.sha);
    });

    for (const test of group.tests) {
      it(`${alg} tcId ${test.tcId} (${test.result}, ${test.flags.join(', ') || 'no flags'}${test.comment ? `: ${test.comment}` : ''})`, async () => {
        const key = await importJweKey(group.privateKeyJwk, alg, 'A128GCM');
        const ct = hex(test.ct);
        if (test.result === 'valid' && test.label === '') {
          expect(toHex(await oaepDecrypt(cryptoKeyOf(key), ct))).toBe(test.msg);
          return;
        }
        // Invalid ones, and valid ones made with a label (JWE's RSA-OAEP has none, so they must not
        // decrypt): the one decryption error, except a length that is visibly not the modulus's.
        const visiblyMalformed = ct.length !== 256;
        await expect(oaepDecrypt(cryptoKeyOf(key), ct)).rejects.toMatchObject(visiblyMalformed ? { code: 'ERR_JWT_MALFORMED' } : FAILED);
        if (!visiblyMalformed) await expect(rsaOaep.decrypt(spec(alg), key, 'A128GCM', ct, {}, LIMITS)).rejects.toMatchObject(FAILED);
      });
    }

    it(`${alg}: its PEM private key decrypts like its JWK`, async () => {
      const key = await importJweKey(group.privateKeyPem, alg, 'A128GCM');
      const test = group.tests.find((t) => t.msg.length === 40 && t.result === 'valid')!;
      expect(toHex(await oaepDecrypt(cryptoKeyOf(key), hex(test.ct)))).toBe(test.msg);
    });
  }

  it('a valid ciphertext whose message is not a CEK of the enc\'s length is the one decryption error', async () => {
    const group = sha1.testGroups[0]!;
    const key = await importJweKey(group.privateKeyJwk, 'RSA-OAEP', 'A128GCM');
    const twentyBytes = group.tests.find((t) => t.tcId === 2)!;
    await expect(rsaOaep.decrypt(spec('RSA-OAEP'), key, 'A128GCM', hex(twentyBytes.ct), {}, LIMITS)).rejects.toMatchObject(FAILED);
    const thirtyTwo = group.tests.find((t) => t.tcId === 7)!;
    expect(toHex(await rsaOaep.decrypt(spec('RSA-OAEP'), key, 'A256GCM', hex(thirtyTwo.ct), {}, LIMITS))).toBe(thirtyTwo.msg);
  });
});

describe('rsaOaep family', () => {
  const CASES: [KeyManagementAlgorithm, ContentEncryptionAlgorithm, number][] = [
    ['RSA-OAEP', 'A128GCM', 16],
    ['RSA-OAEP-256', 'A256CBC-HS512', 64],
    ['RSA-OAEP-384', 'A192GCM', 24],
    ['RSA-OAEP-512', 'A256GCM', 32],
  ];
  for (const [alg, enc, cekBytes] of CASES) {
    it(`${alg} with ${enc}: a random ${cekBytes}-byte CEK round-trips`, async () => {
      const { publicKey, privateKey } = await jwePair(alg, enc);
      const first = await rsaOaep.encrypt(spec(alg), publicKey, enc, {});
      const second = await rsaOaep.encrypt(spec(alg), publicKey, enc, {});
      expect(first.cek.length).toBe(cekBytes);
      expect(first.encryptedKey.length).toBe(256);
      expect(first.parameters).toEqual({});
      expect(first.cek).not.toEqual(second.cek);
      expect(await rsaOaep.decrypt(spec(alg), privateKey, enc, first.encryptedKey, {}, LIMITS)).toEqual(first.cek);
    });
  }

  it('an encrypted key of another length than the modulus is ERR_JWT_MALFORMED', async () => {
    const { publicKey, privateKey } = await jwePair('RSA-OAEP-256', 'A128GCM', { modulusLength: 3072 });
    const { encryptedKey } = await rsaOaep.encrypt(spec('RSA-OAEP-256'), publicKey, 'A128GCM', {});
    expect(encryptedKey.length).toBe(384);
    for (const bad of [encryptedKey.subarray(1), new Uint8Array([0, ...encryptedKey]), new Uint8Array(256), new Uint8Array(0)]) {
      await expect(rsaOaep.decrypt(spec('RSA-OAEP-256'), privateKey, 'A128GCM', bad, {}, LIMITS)).rejects.toMatchObject({
        code: 'ERR_JWT_MALFORMED',
        message: 'The encrypted key of this RSA-OAEP key must be 384 bytes',
      });
    }
  });

  it('a modified encrypted key and a wrong key fail with the one decryption error', async () => {
    const { publicKey, privateKey } = await jwePair('RSA-OAEP-256', 'A128GCM');
    const other = await jwePair('RSA-OAEP-256', 'A128GCM');
    const { encryptedKey } = await rsaOaep.encrypt(spec('RSA-OAEP-256'), publicKey, 'A128GCM', {});
    const modified = encryptedKey.slice();
    modified[100]! ^= 1;
    await expect(rsaOaep.decrypt(spec('RSA-OAEP-256'), privateKey, 'A128GCM', modified, {}, LIMITS)).rejects.toMatchObject(FAILED);
    await expect(rsaOaep.decrypt(spec('RSA-OAEP-256'), other.privateKey, 'A128GCM', encryptedKey, {}, LIMITS)).rejects.toMatchObject(FAILED);
  });

  it('a public key cannot decrypt and a private key cannot encrypt (ERR_KEY_INVALID)', async () => {
    const { publicKey, privateKey } = await jwePair('RSA-OAEP', 'A128GCM');
    await expect(rsaOaep.decrypt(spec('RSA-OAEP'), publicKey, 'A128GCM', new Uint8Array(256), {}, LIMITS)).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: "Only the recipient's private key decrypts with RSA-OAEP",
    });
    await expect(rsaOaep.encrypt(spec('RSA-OAEP'), privateKey, 'A128GCM', {})).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: "Only the recipient's public key encrypts with RSA-OAEP",
    });
  });

  it('a key of another alg is refused (ERR_KEY_INVALID)', async () => {
    const { publicKey } = await jwePair('RSA-OAEP', 'A128GCM');
    await expect(rsaOaep.encrypt(spec('RSA-OAEP-256'), publicKey, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
  });

  it('a JWE key whose CryptoKey has another hash or algorithm is refused (ERR_KEY_INVALID)', async () => {
    const { publicKey } = await jwePair('RSA-OAEP-256', 'A128GCM');
    const mislabelled = makeJweKey({ alg: 'RSA-OAEP', enc: 'A128GCM', type: 'public' }, jweKeyMaterial(publicKey)!);
    await expect(rsaOaep.encrypt(spec('RSA-OAEP'), mislabelled, 'A128GCM', {})).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: 'The key is not an RSA-OAEP key with SHA-1 for RSA-OAEP',
    });
  });

  it("a runtime failure while encrypting is ERR_KEY_INVALID, not the runtime's exception", async () => {
    const { publicKey } = await jwePair('RSA-OAEP', 'A128GCM');
    vi.spyOn(crypto.subtle, 'encrypt').mockRejectedValue(new DOMException('boom', 'OperationError'));
    await expect(rsaOaep.encrypt(spec('RSA-OAEP'), publicKey, 'A128GCM', {})).rejects.toEqual(code('ERR_KEY_INVALID'));
  });
});
