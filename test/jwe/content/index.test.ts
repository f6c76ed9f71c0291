import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentEncryptionAlgorithm } from '../../../src/jwe/algorithms.js';
import { CONTENT_ENCRYPTION_ALGORITHMS, contentEncryptionSpec } from '../../../src/jwe/algorithms.js';
import { decryptContent, encryptContent, prepareContentKey, randomCek } from '../../../src/jwe/content/index.js';
import { inflateRaw } from '../../../src/jwe/zip.js';
import { randomBytes } from '../../../src/jwe/subtle.js';
import rfc7516 from '../../fixtures/jwe/rfc7516-appendix-a.json';
import rfc7520 from '../../fixtures/jwe/rfc7520-content.json';
import { ascii, b64u, expectDecryptionFailed, expectJwtError, nextRandomBytes } from './helpers.js';

const AAD = ascii('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0');
const PLAINTEXT = ascii('{"sub":"alice","scope":"read write"}');

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function flipBit(bytes: Uint8Array, index: number, bit = 0x01): Uint8Array {
  const copy = bytes.slice();
  copy[index]! ^= bit;
  return copy;
}

describe('RFC 7520 section 5 and RFC 7516 Appendix A: the content encryption step', () => {
  const cases = [
    ...rfc7520.cases.map((c) => ({ ...c, cek: b64u(c.cek) })),
    ...rfc7516.cases.map((c) => ({ ...c, name: `RFC 7516 ${c.section}`, cek: Uint8Array.from(c.cek) })),
  ];
  for (const c of cases) {
    const enc = c.enc as ContentEncryptionAlgorithm;
    const compressed = 'compressed' in c ? b64u(c.compressed as string) : undefined;
    const content = compressed ?? ascii(c.plaintext);

    it(`${c.name} (${enc}${compressed ? ', zip DEF' : ''}): decrypts to the plaintext`, async () => {
      const key = await prepareContentKey(enc, c.cek);
      const decrypted = await decryptContent(
        key,
        { iv: b64u(c.iv), ciphertext: b64u(c.ciphertext), tag: b64u(c.tag) },
        ascii(c.aad),
      );
      expect(decrypted).toEqual(content);
      if (compressed) expect(new TextDecoder().decode(await inflateRaw(decrypted, 1024))).toBe(c.plaintext);
    });

    it(`${c.name} (${enc}): encrypts to exactly the ciphertext and tag`, async () => {
      const key = await prepareContentKey(enc, c.cek);
      nextRandomBytes(b64u(c.iv));
      expect(await encryptContent(key, content, ascii(c.aad))).toEqual({
        iv: b64u(c.iv),
        ciphertext: b64u(c.ciphertext),
        tag: b64u(c.tag),
      });
    });
  }
});

describe.each(CONTENT_ENCRYPTION_ALGORITHMS)('%s', (enc) => {
  const spec = contentEncryptionSpec(enc)!;

  async function sealedWithKey() {
    const key = await prepareContentKey(enc, randomCek(enc));
    return { key, sealed: await encryptContent(key, PLAINTEXT, AAD) };
  }

  it('round-trips, with the IV and tag lengths of the table', async () => {
    const { key, sealed } = await sealedWithKey();
    expect(sealed.iv.length).toBe(spec.ivBytes);
    expect(sealed.tag.length).toBe(spec.tagBytes);
    expect(await decryptContent(key, sealed, AAD)).toEqual(PLAINTEXT);
  });

  it('round-trips an empty plaintext and an empty AAD', async () => {
    const key = await prepareContentKey(enc, randomCek(enc));
    const sealed = await encryptContent(key, new Uint8Array(0), new Uint8Array(0));
    expect(await decryptContent(key, sealed, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('uses a fresh IV for every message', async () => {
    const key = await prepareContentKey(enc, randomCek(enc));
    const first = await encryptContent(key, PLAINTEXT, AAD);
    const second = await encryptContent(key, PLAINTEXT, AAD);
    expect(first.iv).not.toEqual(second.iv);
    expect(first.ciphertext).not.toEqual(second.ciphertext);
  });

  it('a flipped bit anywhere in the tag fails with the one error', async () => {
    const { key, sealed } = await sealedWithKey();
    for (const index of [0, sealed.tag.length - 1]) {
      for (const bit of [0x01, 0x80]) {
        await expectDecryptionFailed(decryptContent(key, { ...sealed, tag: flipBit(sealed.tag, index, bit) }, AAD));
      }
    }
  });

  it('a flipped ciphertext bit fails with the one error', async () => {
    const { key, sealed } = await sealedWithKey();
    for (const index of [0, sealed.ciphertext.length - 1]) {
      await expectDecryptionFailed(
        decryptContent(key, { ...sealed, ciphertext: flipBit(sealed.ciphertext, index) }, AAD),
      );
    }
  });

  it('a flipped IV bit fails with the one error', async () => {
    const { key, sealed } = await sealedWithKey();
    await expectDecryptionFailed(decryptContent(key, { ...sealed, iv: flipBit(sealed.iv, 0) }, AAD));
  });

  it('a changed, shortened or longer AAD fails with the one error', async () => {
    const { key, sealed } = await sealedWithKey();
    await expectDecryptionFailed(decryptContent(key, sealed, flipBit(AAD, 3)));
    await expectDecryptionFailed(decryptContent(key, sealed, AAD.slice(0, -1)));
    await expectDecryptionFailed(decryptContent(key, sealed, new Uint8Array([...AAD, 0])));
    await expectDecryptionFailed(decryptContent(key, sealed, new Uint8Array(0)));
  });

  it('another key fails with the one error', async () => {
    const { sealed } = await sealedWithKey();
    const other = await prepareContentKey(enc, randomCek(enc));
    await expectDecryptionFailed(decryptContent(other, sealed, AAD));
  });

  it('a truncated or longer tag is malformed (its length is visible in the token)', async () => {
    const { key, sealed } = await sealedWithKey();
    for (const tag of [
      sealed.tag.slice(0, -1),
      sealed.tag.slice(0, 12),
      new Uint8Array(0),
      new Uint8Array([...sealed.tag, 0]),
    ]) {
      await expectJwtError(
        decryptContent(key, { ...sealed, tag }, AAD),
        'ERR_JWT_MALFORMED',
        new RegExp(`authentication tag must be ${spec.tagBytes} bytes`),
      );
    }
  });

  it('an IV of the wrong length is malformed', async () => {
    const { key, sealed } = await sealedWithKey();
    for (const iv of [sealed.iv.slice(0, -1), new Uint8Array([...sealed.iv, 0]), new Uint8Array(0)]) {
      await expectJwtError(
        decryptContent(key, { ...sealed, iv }, AAD),
        'ERR_JWT_MALFORMED',
        new RegExp(`initialization vector must be ${spec.ivBytes} bytes`),
      );
    }
  });

  it('refuses a CEK of the wrong length, or not bytes, at prepare', async () => {
    for (const length of [0, spec.cekBytes - 1, spec.cekBytes + 1, spec.cekBytes * 2]) {
      await expectJwtError(
        prepareContentKey(enc, new Uint8Array(length)),
        'ERR_KEY_INVALID',
        new RegExp(`must be ${spec.cekBytes} bytes, not ${length} bytes`),
      );
    }
    await expectJwtError(
      prepareContentKey(enc, 'x'.repeat(spec.cekBytes) as unknown as Uint8Array),
      'ERR_KEY_INVALID',
      /not string/,
    );
  });

  it('a prepared key shows only its enc, and is frozen', async () => {
    const key = await prepareContentKey(enc, randomCek(enc));
    expect(key).toEqual({ enc });
    expect(JSON.stringify(key)).toBe(`{"enc":"${enc}"}`);
    expect(Object.isFrozen(key)).toBe(true);
  });

  it('a hand-made key is refused', async () => {
    await expectJwtError(
      encryptContent({ enc }, PLAINTEXT, AAD),
      'ERR_INVALID_ARGUMENT',
      /not a content encryption key prepared/i,
    );
    const { sealed } = await sealedWithKey();
    await expectJwtError(decryptContent({ enc }, sealed, AAD), 'ERR_INVALID_ARGUMENT');
  });

  it('an encryption the provider refuses is a JwtError, never a foreign exception', async () => {
    const key = await prepareContentKey(enc, randomCek(enc));
    vi.spyOn(crypto.subtle, 'encrypt').mockRejectedValueOnce(new DOMException('too big', 'OperationError'));
    const error = await expectJwtError(
      encryptContent(key, PLAINTEXT, AAD),
      'ERR_INVALID_ARGUMENT',
      `The content cannot be encrypted with ${enc}`,
    );
    expect(error.cause).toBeInstanceOf(DOMException);
  });

  it('randomCek makes fresh keys of the table length', () => {
    const first = randomCek(enc);
    expect(first.length).toBe(spec.cekBytes);
    expect(randomCek(enc)).not.toEqual(first);
  });
});

describe('runtime gaps', () => {
  function refuse192BitAes() {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    // What Chromium does: AES keys of 192 bits are not supported.
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((
      format: 'raw',
      data: Uint8Array<ArrayBuffer>,
      algorithm: AlgorithmIdentifier,
      extractable: boolean,
      usages: KeyUsage[],
    ) =>
      (algorithm as Algorithm).name.startsWith('AES') && data.byteLength === 24
        ? Promise.reject(new DOMException('192-bit AES keys are not supported', 'OperationError'))
        : importKey(format, data, algorithm, extractable, usages)) as typeof crypto.subtle.importKey);
  }

  it.each(['A192GCM', 'A192CBC-HS384'] as const)('%s without AES-192: ERR_KEY_INVALID that says so', async (enc) => {
    refuse192BitAes();
    const error = await expectJwtError(
      prepareContentKey(enc, randomCek(enc)),
      'ERR_KEY_INVALID',
      `This runtime's Web Crypto has no AES-192, which ${enc} needs; use a 128- or 256-bit variant`,
    );
    expect(error.cause).toBeInstanceOf(DOMException);
    // The other sizes still work.
    await expect(prepareContentKey('A128GCM', randomCek('A128GCM'))).resolves.toEqual({ enc: 'A128GCM' });
  });

  it('any other AES import failure is ERR_KEY_INVALID with a generic message', async () => {
    vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new DOMException('nope', 'NotSupportedError'));
    await expectJwtError(
      prepareContentKey('A256GCM', randomCek('A256GCM')),
      'ERR_KEY_INVALID',
      'The content encryption key cannot be imported for A256GCM',
    );
  });

  it('without Web Crypto every operation is ERR_INVALID_ARGUMENT', async () => {
    const key = await prepareContentKey('A128GCM', randomCek('A128GCM'));
    const sealed = await encryptContent(key, PLAINTEXT, AAD);
    const cbcKey = await prepareContentKey('A128CBC-HS256', randomCek('A128CBC-HS256'));
    const cbcSealed = await encryptContent(cbcKey, PLAINTEXT, AAD);
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    const message = /Web Crypto \(globalThis.crypto.subtle\) is not available/;
    await expectJwtError(prepareContentKey('A128GCM', new Uint8Array(16)), 'ERR_INVALID_ARGUMENT', message);
    await expectJwtError(prepareContentKey('A128CBC-HS256', new Uint8Array(32)), 'ERR_INVALID_ARGUMENT', message);
    await expectJwtError(encryptContent(key, PLAINTEXT, AAD), 'ERR_INVALID_ARGUMENT', message);
    await expectJwtError(decryptContent(key, sealed, AAD), 'ERR_INVALID_ARGUMENT', message);
    await expectJwtError(encryptContent(cbcKey, PLAINTEXT, AAD), 'ERR_INVALID_ARGUMENT', message);
    await expectJwtError(decryptContent(cbcKey, cbcSealed, AAD), 'ERR_INVALID_ARGUMENT', message);
  });
});

describe('unknown enc', () => {
  it('is ERR_INVALID_ARGUMENT for prepare, randomCek and hand-made keys', async () => {
    for (const enc of ['A128CBC', 'toString', 'none', '']) {
      await expectJwtError(
        prepareContentKey(enc as ContentEncryptionAlgorithm, randomBytes(32)),
        'ERR_INVALID_ARGUMENT',
        /Unknown content encryption algorithm/,
      );
      expect(() => randomCek(enc as ContentEncryptionAlgorithm)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
      await expectJwtError(
        encryptContent({ enc: enc as ContentEncryptionAlgorithm }, PLAINTEXT, AAD),
        'ERR_INVALID_ARGUMENT',
      );
    }
  });
});
