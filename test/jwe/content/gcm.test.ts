import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentEncryptionAlgorithm } from '../../../src/jwe/algorithms.js';
import { decryptContent, encryptContent, prepareContentKey } from '../../../src/jwe/content/index.js';
import { randomBytes } from '../../../src/jwe/subtle.js';
import wycheproofGcm from '../../fixtures/jwe/wycheproof_aes_gcm_96_128_test.json';
import { expectDecryptionFailed, expectJwtError, hex, nextRandomBytes } from './helpers.js';

const ENC_BY_KEY_SIZE: Record<number, ContentEncryptionAlgorithm> = { 128: 'A128GCM', 192: 'A192GCM', 256: 'A256GCM' };

afterEach(() => vi.restoreAllMocks());

describe('Wycheproof AES-GCM (96-bit IV, 128-bit tag)', () => {
  it('holds only the groups JWE can use, for every key size', () => {
    expect(wycheproofGcm.testGroups.map((g) => [g.ivSize, g.tagSize, g.keySize])).toEqual([
      [96, 128, 128],
      [96, 128, 256],
      [96, 128, 192],
    ]);
  });

  for (const group of wycheproofGcm.testGroups) {
    const enc = ENC_BY_KEY_SIZE[group.keySize]!;

    it(`${enc}: ${group.tests.length} cases, valid -> exact plaintext, invalid -> the one error`, async () => {
      let valid = 0;
      let invalid = 0;
      for (const t of group.tests) {
        const key = await prepareContentKey(enc, hex(t.key));
        const decrypting = decryptContent(key, { iv: hex(t.iv), ciphertext: hex(t.ct), tag: hex(t.tag) }, hex(t.aad));
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

    it(`${enc}: the valid cases encrypt to exactly their ciphertext and tag`, async () => {
      for (const t of group.tests.filter((test) => test.result === 'valid')) {
        const key = await prepareContentKey(enc, hex(t.key));
        nextRandomBytes(hex(t.iv));
        const sealed = await encryptContent(key, hex(t.msg), hex(t.aad));
        expect(sealed, `tcId ${t.tcId}`).toEqual({ iv: hex(t.iv), ciphertext: hex(t.ct), tag: hex(t.tag) });
      }
    });
  }
});

describe('AES-GCM', () => {
  it('splits Web Crypto output into ciphertext and a 16-byte tag', async () => {
    const key = await prepareContentKey('A256GCM', randomBytes(32));
    const sealed = await encryptContent(key, new Uint8Array(37), new Uint8Array(0));
    expect(sealed.iv.length).toBe(12);
    expect(sealed.ciphertext.length).toBe(37);
    expect(sealed.tag.length).toBe(16);
  });
});
