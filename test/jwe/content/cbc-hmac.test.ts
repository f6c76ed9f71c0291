import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentEncryptionAlgorithm } from '../../../src/jwe/algorithms.js';
import { contentEncryptionSpec } from '../../../src/jwe/algorithms.js';
import { importContentKey } from '../../../src/jwe/content/import-content-key.js';
import { aesCbcDecrypt, cbcHmacTag } from '../../../src/jwe/content/cbc-hmac.js';
import { decryptContent, encryptContent, prepareContentKey } from '../../../src/jwe/content/index.js';
import { bufferSource, randomBytes } from '../../../src/jwe/subtle.js';
import appendixB from '../../fixtures/jwe/rfc7518-appendix-b.json';
import wycheproofCbc from '../../fixtures/jwe/wycheproof_aes_cbc_pkcs5_test.json';
import { expectDecryptionFailed, expectJwtError, hex, nextRandomBytes } from './helpers.js';

const CBC_ENCS: ContentEncryptionAlgorithm[] = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
const AAD = new TextEncoder().encode('eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0');

afterEach(() => vi.restoreAllMocks());

describe('RFC 7518 Appendix B (AES_CBC_HMAC_SHA2 test cases)', () => {
  for (const c of appendixB.cases) {
    const enc = c.enc as ContentEncryptionAlgorithm;

    it(`${c.section} ${enc}: encrypts to exactly E and T`, async () => {
      const key = await prepareContentKey(enc, hex(c.K));
      nextRandomBytes(hex(c.IV));
      const sealed = await encryptContent(key, hex(c.P), hex(c.A));
      expect(sealed.iv).toEqual(hex(c.IV));
      expect(sealed.ciphertext).toEqual(hex(c.E));
      expect(sealed.tag).toEqual(hex(c.T));
    });

    it(`${c.section} ${enc}: decrypts E and T back to P`, async () => {
      const key = await prepareContentKey(enc, hex(c.K));
      const plaintext = await decryptContent(key, { iv: hex(c.IV), ciphertext: hex(c.E), tag: hex(c.T) }, hex(c.A));
      expect(plaintext).toEqual(hex(c.P));
    });

    it(`${c.section} ${enc}: MAC key is the first half of K, ENC key the second, AL the AAD bit length`, async () => {
      const spec = contentEncryptionSpec(enc)!;
      expect(hex(c.K)).toEqual(new Uint8Array([...hex(c.MAC_KEY), ...hex(c.ENC_KEY)]));
      expect(hex(c.AL)).toEqual(
        new Uint8Array([0, 0, 0, 0, 0, 0, (hex(c.A).length * 8) >> 8, (hex(c.A).length * 8) & 0xff]),
      );
      const macKey = await crypto.subtle.importKey(
        'raw',
        bufferSource(hex(c.MAC_KEY)),
        { name: 'HMAC', hash: spec.hash! },
        false,
        ['sign'],
      );
      expect(await cbcHmacTag(spec, macKey, hex(c.A), hex(c.IV), hex(c.E))).toEqual(hex(c.T));
      const encKey = await importContentKey({ name: 'AES-CBC' }, hex(c.ENC_KEY), enc);
      expect(await aesCbcDecrypt(encKey, hex(c.IV), hex(c.E))).toEqual(hex(c.P));
    });
  }
});

describe('Wycheproof AES-CBC-PKCS5 through aesCbcDecrypt', () => {
  const encBySize: Record<number, ContentEncryptionAlgorithm> = {
    128: 'A128CBC-HS256',
    192: 'A192CBC-HS384',
    256: 'A256CBC-HS512',
  };
  for (const group of wycheproofCbc.testGroups) {
    it(`keySize ${group.keySize}: ${group.tests.length} cases, valid -> exact plaintext, invalid -> the one error`, async () => {
      let valid = 0;
      let invalid = 0;
      for (const t of group.tests) {
        const key = await importContentKey({ name: 'AES-CBC' }, hex(t.key), encBySize[group.keySize]!);
        const decrypting = aesCbcDecrypt(key, hex(t.iv), hex(t.ct));
        if (t.result === 'valid') {
          expect(await decrypting, `tcId ${t.tcId}`).toEqual(hex(t.msg));
          valid++;
        } else {
          await expectDecryptionFailed(decrypting);
          invalid++;
        }
      }
      expect(valid).toBeGreaterThan(0);
      expect(invalid).toBeGreaterThan(0);
    });
  }
});

describe('CBC-HMAC decryption', () => {
  for (const enc of CBC_ENCS) {
    const spec = contentEncryptionSpec(enc)!;

    it(`${enc}: a ciphertext with a valid tag but bad padding fails with the same code and message`, async () => {
      const cek = randomBytes(spec.cekBytes);
      const half = spec.cekBytes / 2;
      const key = await prepareContentKey(enc, cek);
      // One block whose last plaintext byte is 0x00: never valid PKCS#7 padding. Encrypting it
      // yields two blocks (the second is the padding block); the first alone decrypts to it.
      const block = randomBytes(16);
      block[15] = 0x00;
      const iv = randomBytes(16);
      const encKey = await crypto.subtle.importKey('raw', bufferSource(cek.slice(half)), { name: 'AES-CBC' }, false, [
        'encrypt',
      ]);
      const padded = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-CBC', iv: bufferSource(iv) }, encKey, bufferSource(block)),
      );
      const ciphertext = padded.slice(0, 16);
      const macKey = await crypto.subtle.importKey(
        'raw',
        bufferSource(cek.slice(0, half)),
        { name: 'HMAC', hash: spec.hash! },
        false,
        ['sign'],
      );
      const tag = await cbcHmacTag(spec, macKey, AAD, iv, ciphertext);

      const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
      await expectDecryptionFailed(decryptContent(key, { iv, ciphertext, tag }, AAD));
      // The tag was right, so the padding was looked at, and refused with the same error.
      expect(decrypt).toHaveBeenCalledTimes(1);

      const wrongTag = tag.slice();
      wrongTag[0]! ^= 1;
      await expectDecryptionFailed(decryptContent(key, { iv, ciphertext, tag: wrongTag }, AAD));
    });

    it(`${enc}: checks the tag before it decrypts anything`, async () => {
      const key = await prepareContentKey(enc, randomBytes(spec.cekBytes));
      const sealed = await encryptContent(key, new TextEncoder().encode('hello'), AAD);
      const tag = sealed.tag.slice();
      tag[tag.length - 1]! ^= 0x80;
      const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
      await expectDecryptionFailed(decryptContent(key, { ...sealed, tag }, AAD));
      expect(decrypt).not.toHaveBeenCalled();
    });

    it(`${enc}: a ciphertext that is not a positive multiple of 16 bytes is malformed`, async () => {
      const key = await prepareContentKey(enc, randomBytes(spec.cekBytes));
      const sealed = await encryptContent(key, new TextEncoder().encode('hello'), AAD);
      for (const ciphertext of [
        new Uint8Array(0),
        sealed.ciphertext.slice(0, 15),
        new Uint8Array([...sealed.ciphertext, 0]),
      ]) {
        await expectJwtError(
          decryptContent(key, { ...sealed, ciphertext }, AAD),
          'ERR_JWT_MALFORMED',
          /positive multiple of 16/,
        );
      }
    });

    it(`${enc}: a failing HMAC computation is the one decryption error`, async () => {
      const key = await prepareContentKey(enc, randomBytes(spec.cekBytes));
      const sealed = await encryptContent(key, new Uint8Array(3), AAD);
      vi.spyOn(crypto.subtle, 'sign').mockRejectedValueOnce(new Error('provider failure'));
      await expectDecryptionFailed(decryptContent(key, sealed, AAD));
    });
  }

  it('refuses an HMAC key the runtime will not import as ERR_KEY_INVALID', async () => {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((
      format: 'raw',
      data: Uint8Array<ArrayBuffer>,
      algorithm: AlgorithmIdentifier,
      extractable: boolean,
      usages: KeyUsage[],
    ) =>
      (algorithm as Algorithm).name === 'HMAC'
        ? Promise.reject(new Error('no HMAC'))
        : importKey(format, data, algorithm, extractable, usages)) as typeof crypto.subtle.importKey);
    const error = await expectJwtError(
      prepareContentKey('A128CBC-HS256', randomBytes(32)),
      'ERR_KEY_INVALID',
      /cannot be imported for A128CBC-HS256/,
    );
    expect(error.cause).toBeInstanceOf(Error);
  });
});
